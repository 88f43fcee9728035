'use client';

import { useEffect, useId, useRef } from 'react';
import styles from './reset-dialog.module.css';
import ui from './ui.module.css';

/** A native modal <dialog>: it traps focus, closes on Escape and returns focus to the Reset button. */
export function ResetDialog({ open, onConfirm, onCancel }: { open: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={onCancel}
      data-testid="reset-dialog"
    >
      <h2 id={titleId} className={styles.title}>
        Replace your code with the starter code?
      </h2>
      <p id={bodyId} className={styles.body}>
        Everything you wrote for this exercise is replaced by the original starter code. In the editor, Ctrl/⌘+Z
        brings your code back.
      </p>
      <div className={styles.actions}>
        {/* The safe choice has focus first: Enter on an accidental open keeps the code. */}
        <button type="button" className={ui.button} onClick={onCancel} autoFocus>
          Keep my code
        </button>
        <button type="button" className={`${ui.button} ${ui.danger}`} onClick={onConfirm}>
          Replace my code
        </button>
      </div>
    </dialog>
  );
}

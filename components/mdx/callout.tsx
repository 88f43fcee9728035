import type { ReactNode } from 'react';
import styles from './callout.module.css';

export type CalloutKind = 'note' | 'tip' | 'warning';

const KIND_LABEL: Record<CalloutKind, string> = { note: 'Note', tip: 'Tip', warning: 'Warning' };

// Small inline glyphs instead of an icon library: the callout renders on the server with no
// client JavaScript, and the meaning is carried by text, so the icon is decorative (aria-hidden).
const ICON_PATH: Record<CalloutKind, string> = {
  note: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-6h2v6Zm0-8h-2V7h2v2Z',
  tip: 'M9 21h6v-1.5H9V21Zm3-19a7 7 0 0 0-4 12.74V17a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1v-2.26A7 7 0 0 0 12 2Z',
  warning: 'M1 21h22L12 2 1 21Zm12-3h-2v-2h2v2Zm0-4h-2v-4h2v4Z',
};

function isKind(value: unknown): value is CalloutKind {
  return value === 'note' || value === 'tip' || value === 'warning';
}

/**
 * A boxed aside for lesson MDX: `<Callout kind="warning" title="...">markdown</Callout>`.
 * MDX props are not type-checked, so an unknown `kind` falls back to "note" instead of
 * rendering an unstyled box.
 */
export function Callout({
  kind,
  title,
  children,
}: {
  kind?: CalloutKind | string;
  title?: string;
  children?: ReactNode;
}) {
  const safeKind: CalloutKind = isKind(kind) ? kind : 'note';
  const label = KIND_LABEL[safeKind];
  return (
    <aside role="note" className={`${styles.callout} ${styles[safeKind] ?? ''}`} data-kind={safeKind}>
      <p className={styles.title}>
        <svg className={styles.icon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d={ICON_PATH[safeKind]} />
        </svg>
        {/* Screen readers hear the kind even when the visible title doesn't say it. */}
        {title ? (
          <>
            <span className={styles.srOnly}>{label}: </span>
            <span>{title}</span>
          </>
        ) : (
          <span>{label}</span>
        )}
      </p>
      <div className={styles.body}>{children}</div>
    </aside>
  );
}

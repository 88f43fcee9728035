'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { SaveStatus } from './use-draft';
import styles from './toolbar.module.css';
import ui from './ui.module.css';

export type ToolbarProps = {
  running: boolean;
  slow: boolean;
  runStatus: string;
  submitStatus: string;
  signedIn: boolean;
  submitDisabled: boolean;
  submitting: boolean;
  saveStatus: SaveStatus;
  saveDetail: string | null;
  onRun: () => void;
  onStop: () => void;
  onSubmit: () => void;
  onReset: () => void;
};

const SAVE_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline – saved locally',
  error: 'Not saved to the server – saved locally',
  local: 'Saved in this browser',
  unsaved: 'Not saved – this browser blocks storage',
};

export function Toolbar(props: ToolbarProps) {
  const { running, slow, signedIn, submitting } = props;
  const elapsed = useElapsedSeconds(running);

  return (
    <div className={styles.toolbar}>
      <div className={styles.actions} role="toolbar" aria-label="Exercise actions">
        <button
          type="button"
          className={`${ui.button} ${ui.primary}`}
          onClick={props.onRun}
          disabled={running}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          Run{' '}
          <span className={`${ui.kbd} ${styles.shortcut}`} aria-hidden="true">
            Ctrl/⌘+Enter
          </span>
        </button>
        <button type="button" className={ui.button} onClick={props.onStop} disabled={!running}>
          Stop
        </button>
        {signedIn ? (
          <button type="button" className={ui.button} onClick={props.onSubmit} disabled={props.submitDisabled}>
            {submitting ? <span className={ui.spinner} aria-hidden="true" /> : null}
            Submit
          </button>
        ) : (
          <Link href="/sign-in" className={ui.button}>
            Sign in to submit
          </Link>
        )}
        <button type="button" className={`${ui.button} ${styles.reset}`} onClick={props.onReset}>
          Reset
        </button>
      </div>

      <div className={styles.status}>
        {running && slow ? (
          <span className={styles.progress}>
            <span className={ui.spinner} aria-hidden="true" />
            <span>{elapsed} s</span>
          </span>
        ) : null}
        <p className={styles.live} role="status" aria-live="polite" data-testid="run-status">
          {props.runStatus}
        </p>
        <p className={styles.live} role="status" aria-live="polite" data-testid="submit-status">
          {props.submitStatus}
        </p>
      </div>

      <p
        className={`${styles.save} ${styles[`save-${props.saveStatus}`] ?? ''}`}
        data-testid="save-status"
        data-state={props.saveStatus}
        title={props.saveDetail ?? undefined}
      >
        {SAVE_TEXT[props.saveStatus]}
        {props.saveStatus === 'error' && props.saveDetail ? ` (${props.saveDetail})` : null}
      </p>
    </div>
  );
}

/** Whole seconds since `active` became true; shown next to the spinner so a long run visibly progresses. */
function useElapsedSeconds(active: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    setSeconds(0);
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, [active]);
  return seconds;
}

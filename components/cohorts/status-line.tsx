import styles from './cohorts.module.css';

/** Announces the outcome of an action to screen readers as well as showing it. */
export function StatusLine({ message }: { message: { kind: 'error' | 'ok'; text: string } | null }) {
  return (
    <p className={`${styles.status} ${message?.kind === 'error' ? 'error' : 'muted'}`} role="status" aria-live="polite">
      {message?.text ?? ''}
    </p>
  );
}

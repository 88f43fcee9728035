import type { RunView } from './run-state';
import styles from './output-panel.module.css';

const LEVEL_LABEL = { log: 'log', info: 'info', warn: 'warning', error: 'error' } as const;

export function ConsoleView({ view }: { view: RunView }) {
  if (view.logs.length === 0) {
    return (
      <p className={styles.empty}>
        {view.phase === 'idle' ? 'What your code prints with console.log appears here.' : 'Nothing printed.'}
      </p>
    );
  }
  return (
    <>
      {view.droppedLogs > 0 ? (
        <p className={styles.dropped}>{view.droppedLogs} earlier lines are not shown.</p>
      ) : null}
      <ol className={styles.console} aria-label="Console output">
        {view.logs.map((line) => (
          <li key={line.seq} className={`${styles.logLine} ${styles[`log-${line.level}`] ?? ''}`}>
            {line.level === 'log' ? null : <span className={styles.logLevel}>{LEVEL_LABEL[line.level]}</span>}
            <span className={styles.logText}>{line.text}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

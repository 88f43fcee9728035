import { CodeText } from './hint-text';
import styles from './test-list.module.css';
import ui from './ui.module.css';

export type TestRow = {
  id: string;
  name: string;
  task?: number;
  status: 'pass' | 'fail' | 'error' | 'running';
  message?: string;
  output?: string;
  points?: number;
  maxPoints?: number;
};

const STATUS_LABEL: Record<TestRow['status'], string> = {
  pass: 'Passed',
  fail: 'Failed',
  error: 'Error',
  running: 'Running',
};

const STATUS_ICON: Record<TestRow['status'], string> = { pass: '✓', fail: '✗', error: '!', running: '' };

/**
 * Tests in run order. The first failure is open and highlighted (Exercism's "first failure" rule):
 * one message to act on beats ten to scroll past.
 */
export function TestList({
  tests,
  testIdPrefix,
  showPoints,
  label,
}: {
  tests: ReadonlyArray<TestRow>;
  testIdPrefix: string;
  showPoints: boolean;
  label: string;
}) {
  const firstFailure = tests.find((t) => t.status === 'fail' || t.status === 'error')?.id;
  return (
    <ol className={styles.list} aria-label={label}>
      {tests.map((test) => {
        const first = test.id === firstFailure;
        const hasDetails = Boolean(test.message || test.output);
        const head = (
          <>
            <span className={`${styles.icon} ${styles[test.status]}`} aria-hidden="true">
              {test.status === 'running' ? <span className={ui.spinner} /> : STATUS_ICON[test.status]}
            </span>
            <span className={ui.visuallyHidden}>{STATUS_LABEL[test.status]}: </span>
            <span className={styles.name}>{test.name}</span>
            {test.task !== undefined ? <span className={styles.task}>Task {test.task}</span> : null}
            {showPoints && test.maxPoints !== undefined ? (
              <span className={styles.points}>
                {formatPoints(test.points ?? 0)}/{formatPoints(test.maxPoints)} pt
              </span>
            ) : null}
            {first ? <span className={styles.firstTag}>First failure</span> : null}
          </>
        );
        return (
          <li
            key={test.id}
            className={`${styles.item} ${first ? styles.first : ''}`}
            data-testid={`${testIdPrefix}${test.id}`}
            data-status={test.status}
          >
            {hasDetails ? (
              <details open={first}>
                <summary className={styles.row}>{head}</summary>
                {test.message ? <div className={styles.message}><CodeText text={test.message} /></div> : null}
                {test.output ? (
                  <>
                    <p className={styles.outputLabel}>Output</p>
                    <pre className={ui.pre}>{test.output}</pre>
                  </>
                ) : null}
              </details>
            ) : (
              <div className={styles.row}>{head}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

import type { RunView } from './run-state';
import { TestList, type TestRow } from './test-list';
import { VerdictBanner } from './verdict-banner';
import styles from './output-panel.module.css';

export function TestResults({ view }: { view: RunView }) {
  const { result } = view;
  if (!result) {
    if (view.liveTests.length === 0) {
      return (
        <p className={styles.empty}>
          {view.phase === 'idle'
            ? 'Press Run (Ctrl/⌘+Enter) to check your code against the public tests. Runs never cost an attempt.'
            : 'Waiting for the first test…'}
        </p>
      );
    }
    // Live rows show ids: the names arrive with the result.
    const rows: Array<TestRow> = view.liveTests.map((t) => ({
      id: t.id,
      name: t.id,
      status: t.state === 'running' ? 'running' : t.state,
    }));
    return (
      <div data-testid="test-results" data-state="running">
        <TestList tests={rows} testIdPrefix="test-" showPoints={false} label="Public tests, running" />
      </div>
    );
  }

  const passed = result.tests.filter((t) => t.status === 'pass').length;
  const points = result.tests.reduce((sum, t) => sum + t.points, 0);
  const maxPoints = result.tests.reduce((sum, t) => sum + t.maxPoints, 0);
  return (
    <div data-testid="test-results" data-state={view.phase}>
      <VerdictBanner result={result} context="run" stopped={view.phase === 'stopped'} />
      {result.tests.length > 0 ? (
        <p className={styles.summary}>
          <strong>
            {passed} of {result.tests.length} tests passed
          </strong>{' '}
          <span className={styles.summaryPoints}>
            · {round1(points)}/{round1(maxPoints)} points
          </span>
        </p>
      ) : null}
      <TestList tests={result.tests} testIdPrefix="test-" showPoints label="Public tests" />
      <p className={styles.note}>
        These tests ran in your browser. Submit to get the grade that counts, computed on the server.
      </p>
    </div>
  );
}

function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

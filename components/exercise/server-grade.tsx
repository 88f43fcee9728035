'use client';

import Link from 'next/link';
import { useId, useSyncExternalStore } from 'react';
import { hasChanges, type ResultDiff } from './diff-results';
import { TestList } from './test-list';
import type { Comparison, SubmissionSummary, SubmitState } from './use-submit';
import { VerdictBanner } from './verdict-banner';
import outputStyles from './output-panel.module.css';
import styles from './server-grade.module.css';
import ui from './ui.module.css';

export function ServerGrade({ state, signedIn }: { state: SubmitState; signedIn: boolean }) {
  const headingId = useId();
  if (!signedIn) {
    return (
      <p className={outputStyles.empty}>
        <Link href="/sign-in">Sign in to submit</Link> and get the grade that counts, computed on the server.
      </p>
    );
  }
  const { graded } = state;
  return (
    <div className={styles.wrap}>
      {state.phase === 'submitting' || state.phase === 'grading' ? (
        <p className={styles.pending}>
          <span className={ui.spinner} aria-hidden="true" />
          {state.phase === 'submitting'
            ? 'Submitting…'
            : state.gradingStatus === 'GRADING'
              ? 'The server is grading your code…'
              : 'Submitted. Waiting for the grader…'}
        </p>
      ) : null}
      {state.phase === 'error' && state.message ? <p className={ui.errorText}>{state.message}</p> : null}

      {graded ? (
        <section className={styles.grade} data-testid="server-grade" aria-labelledby={headingId}>
          <h3 id={headingId} className={styles.heading}>
            Server grade
          </h3>
          <p className={styles.score}>
            <strong className={styles.percent}>{formatPercent(graded.result.score)}</strong>{' '}
            <span className={styles[`status-${graded.result.status}`]}>{statusWords(graded.result.status)}</span>
          </p>
          <VerdictBanner result={graded.result} context="submission" />
          <ComparisonView comparison={graded.comparison} currentScore={graded.result.score} />
          {graded.result.tests.length > 0 ? (
            <TestList tests={graded.result.tests} testIdPrefix="server-test-" showPoints label="Server test results" />
          ) : null}
        </section>
      ) : state.phase === 'idle' ? (
        <p className={outputStyles.empty}>Submit when your code is ready: the server grades it and keeps your best score.</p>
      ) : null}

      <History history={state.history} />
    </div>
  );
}

function ComparisonView({ comparison, currentScore }: { comparison: Comparison; currentScore: number }) {
  switch (comparison.kind) {
    case 'first':
      return <p className={styles.change}>This is your first graded submission of this exercise.</p>;
    case 'not-counted':
      return null;
    case 'unknown':
      return <p className={styles.change}>Your previous grade could not be loaded, so there is no comparison.</p>;
    case 'diff':
      return <DiffView diff={comparison.diff} currentScore={currentScore} />;
  }
}

function DiffView({ diff, currentScore }: { diff: ResultDiff; currentScore: number }) {
  const headingId = useId();
  if (!hasChanges(diff)) {
    return <p className={styles.change}>The same tests pass as in your previous submission.</p>;
  }
  const delta = Math.round(diff.scoreDelta * 100);
  return (
    <section className={styles.change} aria-labelledby={headingId} data-testid="grade-changes">
      <h4 id={headingId} className={styles.subheading}>
        Since your previous submission
      </h4>
      <p>
        Score {delta >= 0 ? '+' : '−'}
        {Math.abs(delta)} points ({formatPercent(currentScore - diff.scoreDelta)} → {formatPercent(currentScore)}).
      </p>
      <ChangeList title="Now passing" tests={diff.newlyPassing.map((t) => t.name)} tone="pass" />
      <ChangeList title="Now failing" tests={diff.newlyFailing.map((t) => t.name)} tone="fail" />
      <ChangeList title="New tests" tests={diff.added.map((t) => t.name)} tone="neutral" />
    </section>
  );
}

function ChangeList({ title, tests, tone }: { title: string; tests: Array<string>; tone: 'pass' | 'fail' | 'neutral' }) {
  if (tests.length === 0) return null;
  return (
    <div className={styles[`tone-${tone}`]}>
      <p className={styles.changeTitle}>{title}:</p>
      <ul className={styles.changeList}>
        {tests.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </div>
  );
}

function History({ history }: { history: Array<SubmissionSummary> }) {
  const headingId = useId();
  const mounted = useMounted();
  if (history.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className={styles.history}>
      <h3 id={headingId} className={styles.subheading}>
        Your recent submissions
      </h3>
      <ol className={styles.historyList}>
        {history.slice(0, 10).map((s) => (
          <li key={s.id}>
            <time dateTime={s.createdAt}>{formatDate(s.createdAt, mounted)}</time>
            <span>{s.status === 'DONE' ? (s.score === null ? 'not graded' : formatPercent(s.score)) : 'grading…'}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Scores are fractions 0..1 (GradeResult.score). */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

function statusWords(status: 'pass' | 'fail' | 'error'): string {
  if (status === 'pass') return 'Passed';
  if (status === 'fail') return 'Not passed yet';
  return 'Could not be graded';
}

// The server renders in its own time zone; local time is shown only once the page has hydrated.
function formatDate(iso: string, mounted: boolean): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!mounted) return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function useMounted(): boolean {
  return useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
}

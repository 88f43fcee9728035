import type { GradeResult } from '@/lib/grading/result-schema';
import { verdictTitle } from './run-state';
import ui from './ui.module.css';

/**
 * Code that cannot be graded (syntax error, timeout, memory, output flood, grader fault) is told so
 * in plain words, with the reassurance that it cost no attempt.
 */
export function VerdictBanner({
  result,
  context,
  stopped = false,
}: {
  result: GradeResult;
  context: 'run' | 'submission';
  stopped?: boolean;
}) {
  if (stopped) {
    return (
      <div className={ui.banner} data-testid="verdict-banner" data-verdict="STOPPED">
        <h4>You stopped the run.</h4>
        <p>Tests that finished before you stopped are listed below. Runs never cost an attempt.</p>
      </div>
    );
  }
  if (!result.verdict) return null;
  const title = verdictTitle(result.verdict);
  const attempt =
    context === 'submission'
      ? 'This submission did not count as an attempt.'
      : 'This cost no attempt: runs never do, and a submission that ends like this does not count either.';
  return (
    <div className={ui.banner} data-testid="verdict-banner" data-verdict={result.verdict}>
      <h4>{title.charAt(0).toUpperCase() + title.slice(1)}.</h4>
      {result.message ? <p>{result.message}</p> : null}
      <p>
        <strong>{attempt}</strong>
      </p>
    </div>
  );
}

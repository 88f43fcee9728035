import type { GradeResult, TestResult } from '@/lib/grading/result-schema';

export type ResultDiff = {
  newlyPassing: Array<TestResult>;
  newlyFailing: Array<TestResult>;
  /** Tests the previous grade did not have (the grader gained a test since then). */
  added: Array<TestResult>;
  /** Ids the previous grade had and this one lacks. */
  removed: Array<string>;
  /** Change of the 0..1 score. */
  scoreDelta: number;
};

/**
 * What changed between two submissions' grades, matched by test id (names may be reworded between
 * grader versions; ids are the stable key).
 */
export function diffResults(previous: GradeResult, current: GradeResult): ResultDiff {
  const before = new Map(previous.tests.map((t) => [t.id, t]));
  const currentIds = new Set(current.tests.map((t) => t.id));
  const diff: ResultDiff = {
    newlyPassing: [],
    newlyFailing: [],
    added: [],
    removed: previous.tests.filter((t) => !currentIds.has(t.id)).map((t) => t.id),
    scoreDelta: current.score - previous.score,
  };
  for (const test of current.tests) {
    const old = before.get(test.id);
    if (!old) diff.added.push(test);
    else if (old.status !== 'pass' && test.status === 'pass') diff.newlyPassing.push(test);
    else if (old.status === 'pass' && test.status !== 'pass') diff.newlyFailing.push(test);
  }
  return diff;
}

export function hasChanges(diff: ResultDiff): boolean {
  return (
    diff.newlyPassing.length + diff.newlyFailing.length + diff.added.length + diff.removed.length > 0 ||
    Math.abs(diff.scoreDelta) > 1e-9
  );
}

import { z } from 'zod';

/**
 * How a cohort treats graded work submitted after a student's due date (the assignment's, or their
 * extension's). A submission is late when it was created after that date; the grade it gets is the
 * server's, as always.
 *
 * - accept: late work counts in full and is not flagged.
 * - mark:   late work counts in full and the cell is flagged late (dashboard, CSV "Late" column).
 * - reject: the cell is flagged late and the gradebook counts only the best score reached by the
 *           due date; later attempts still show on the dashboard.
 *
 * A cell is late when its best score was first beaten only after the due date: a student who had
 * 100% on time and practised again later is not late. Extensions change the due date and so
 * recompute lateness immediately: nothing is stored per submission.
 */
export const LatePolicySchema = z.enum(['accept', 'mark', 'reject']);
export type LatePolicy = z.infer<typeof LatePolicySchema>;

export const LATE_POLICIES: ReadonlyArray<{ value: LatePolicy; label: string; description: string }> = [
  { value: 'accept', label: 'Accept', description: 'Late work counts in full and is not flagged.' },
  { value: 'mark', label: 'Mark late', description: 'Late work counts in full and is flagged late.' },
  {
    value: 'reject',
    label: 'Reject from total',
    description: 'Late work is flagged and the total counts only the best score by the due date.',
  },
];

export function parseLatePolicy(value: string): LatePolicy {
  const parsed = LatePolicySchema.safeParse(value);
  return parsed.success ? parsed.data : 'accept';
}

export type CellAggregate = {
  attempts: number;
  failures: number;
  passes: number;
  best: number | null;
  bestOnTime: number | null;
  bestLate: number | null;
  lastAt: Date | null;
};

export type Cell = {
  attempts: number;
  failures: number;
  /** Passed at any time (for pass rates and "struggling"). */
  passed: boolean;
  /** Best graded score at any time, or null when never graded. */
  best: number | null;
  /** What the gradebook counts (0..1). */
  counted: number;
  late: boolean;
  lastAt: Date | null;
};

export const EMPTY_CELL: Cell = { attempts: 0, failures: 0, passed: false, best: null, counted: 0, late: false, lastAt: null };

export function isLate(agg: Pick<CellAggregate, 'bestOnTime' | 'bestLate'>): boolean {
  if (agg.bestLate === null) return false;
  return agg.bestOnTime === null || agg.bestLate > agg.bestOnTime;
}

export function scoreCell(agg: CellAggregate | undefined, policy: LatePolicy): Cell {
  if (!agg || agg.attempts === 0) return EMPTY_CELL;
  const late = isLate(agg);
  // One object literal, no spread: this runs for every student x assignment on each dashboard view,
  // and object spread was 20x slower here.
  return {
    attempts: agg.attempts,
    failures: agg.failures,
    passed: agg.passes > 0,
    best: agg.best,
    lastAt: agg.lastAt,
    counted: policy === 'reject' ? (agg.bestOnTime ?? 0) : (agg.best ?? 0),
    late: policy === 'accept' ? false : late,
  };
}

/** The due date that applies to one student: their extension if they have one. */
export function effectiveDue(assignmentDue: Date, extensionDue: Date | null | undefined): Date {
  return extensionDue ?? assignmentDue;
}

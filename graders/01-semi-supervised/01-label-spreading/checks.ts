import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import { closeTo as matches, fail, fmt, noTensorLeak, pass, shapeIs, unflatten, withinTolerance } from '@/lib/grading/matchers';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

type Matrix = number[][];

const tensorReport = z.object({
  values: z.array(z.number().nullable()).max(1_000_000),
  shape: z.array(z.number().int().nonnegative()).max(8),
  nonFinite: z.number().int().nonnegative(),
  leaked: z.number().int(),
  ms: z.number(),
  aliased: z.boolean(),
  inputDisposed: z.boolean(),
});
export type TensorReport = z.infer<typeof tensorReport>;
export const casesObservation = z.object({ results: z.array(tensorReport).max(16) });
export type CasesObservation = z.infer<typeof casesObservation>;
export const moonsObservation = z.object({
  pred: z.array(z.number().int()).max(10_000),
  shape: z.array(z.number().int().nonnegative()).max(8),
  nonFinite: z.number().int().nonnegative(),
  leaked: z.number().int(),
  ms: z.number(),
});
export type MoonsObservation = z.infer<typeof moonsObservation>;

// The tests import every judging helper from this file, so the shared ones are passed through.
export { fail, fmt, pass };

export function closeTo(got: number, want: number, abs = 1e-4, rel = 1e-3): boolean {
  return withinTolerance(got, want, { abs, rel });
}

/** Shape and finiteness first: they explain most wrong answers better than a value diff. */
export function checkShape(fn: string, report: TensorReport | undefined, shape: number[]): Verdict | null {
  if (!report) return fail(`${fn} was not called the expected number of times.`);
  const shaped = shapeIs(report.shape, shape, { name: fn });
  if (!shaped.pass) return shaped;
  if (report.nonFinite > 0) {
    return fail(
      `${fn} returned ${report.nonFinite} NaN or Infinity value(s). Look for a division by zero ` +
        'or the square root of a negative number.',
    );
  }
  return null;
}

/** Compares a report with an expected matrix; `hint` tells the learner where to look on failure. */
export function compareMatrix(
  fn: string,
  report: TensorReport | undefined,
  expected: Matrix,
  hint: string,
  tol: { abs: number; rel: number } = { abs: 1e-4, rel: 1e-3 },
): Verdict | null {
  const rows = expected.length;
  const cols = expected[0]?.length ?? 0;
  const bad = checkShape(fn, report, [rows, cols]);
  if (bad || !report) return bad;
  // A null or missing value that got past the shape check reads as NaN, as a NaN would.
  const flat = Array.from({ length: rows * cols }, (_, k) => report.values[k] ?? NaN);
  const verdict = matches(unflatten(flat, [rows, cols]), expected, { ...tol, name: fn, hint });
  return verdict.pass ? null : verdict;
}

/** The contract asks for a new tensor every time: the caller may dispose it, and keeps its inputs. */
export function ownershipVerdict(fn: string, report: TensorReport, what: string): Verdict | null {
  if (report.aliased) {
    return fail(
      `${fn} returned one of its input tensors itself ${what}. Return a new tensor (for instance Y.clone()), ` +
        "so that disposing the result cannot destroy the caller's input.",
    );
  }
  if (report.inputDisposed) {
    return fail(
      `${fn} disposed one of its input tensors ${what}; the caller still owns them. Dispose only tensors ` +
        'you created (starting a loop from F = Y and disposing the old F frees Y; start from Y.clone()).',
    );
  }
  return null;
}

/** Memory points need a result of the right shape, so a placeholder return earns nothing. */
export function leakVerdict(fn: string, obs: CasesObservation, what: string, shape: number[]): Verdict {
  for (const r of obs.results) {
    const bad = checkShape(fn, r, shape) ?? ownershipVerdict(fn, r, what);
    if (bad) return bad;
  }
  return noTensorLeak(Math.max(0, ...obs.results.map((r) => r.leaked)), { name: fn, when: what });
}

export function randomMatrix(rand: () => number, rows: number, cols: number, lo = -1, hi = 1): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rand()));
}

/** Symmetric, non-negative, zero diagonal, every node connected: a valid affinity matrix. */
export function randomAffinity(rand: () => number, n: number): Matrix {
  const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = 0.05 + 0.95 * rand();
      W[i]![j] = w;
      W[j]![i] = w;
    }
  }
  return W;
}

/** One-hot rows for the labeled nodes, zero rows elsewhere (the input format of tasks 3 and 4). */
export function labelMatrix(n: number, classes: number, labeled: number[], labels: number[]): Matrix {
  const Y = Array.from({ length: n }, () => new Array<number>(classes).fill(0));
  labeled.forEach((i, k) => (Y[i]![labels[k]!] = 1));
  return Y;
}

export function moonsSplit(seed: number, n: number, perClass: number) {
  const { x, y } = makeMoons(n, 0.1, seed);
  const labeled = pickLabeled(y, perClass, seed ^ 0x5bd1e995);
  return { x, y, labeled, labels: labeled.map((i) => y[i]!) };
}

/** Accuracy on the points whose label the learner's code never saw. */
export function unlabeledAccuracy(pred: number[], truth: number[], labeled: number[]): number {
  const seen = new Set(labeled);
  let right = 0;
  let total = 0;
  truth.forEach((label, i) => {
    if (seen.has(i)) return;
    total += 1;
    if (pred[i] === label) right += 1;
  });
  return right / Math.max(total, 1);
}

export function moonsVerdict(
  obs: MoonsObservation,
  secret: { truth: number[]; labeled: number[] },
  min: number,
  what: string,
): Verdict {
  if (obs.pred.length !== secret.truth.length) {
    return fail(`Expected one row per point (${secret.truth.length}), got ${obs.pred.length}.`);
  }
  if (obs.nonFinite > 0) {
    return fail(`The ${what} result has ${obs.nonFinite} NaN/Infinity value(s), so those points get no class.`);
  }
  const pct = (100 * unlabeledAccuracy(obs.pred, secret.truth, secret.labeled)).toFixed(1);
  if (Number(pct) < 100 * min) {
    return fail(
      `With ${what}, ${pct}% of the unlabeled points got the right moon; at least ` +
        `${(100 * min).toFixed(1)}% is expected. Make the earlier tests pass first, then check the update rule.`,
    );
  }
  return pass(`${pct}% of the unlabeled points got the right moon with ${what}.`);
}

import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

type Matrix = number[][];

const values = z.array(z.number().nullable()).max(100_000);
const shape = z.array(z.number().int().nonnegative()).max(8);

const tensorReport = z.object({
  values,
  shape,
  nonFinite: z.number().int().nonnegative(),
  leaked: z.number().int(),
  ms: z.number(),
});
export type TensorReport = z.infer<typeof tensorReport>;
export const casesObservation = z.object({ results: z.array(tensorReport).max(16) });
export type CasesObservation = z.infer<typeof casesObservation>;

const gradReport = z.object({ values, shape, nonFinite: z.number().int().nonnegative() });
export type GradReport = z.infer<typeof gradReport>;
export const l2GradObservation = z.object({ results: z.array(gradReport).max(16) });
export const ntGradObservation = z.object({ results: z.array(z.object({ g1: gradReport, g2: gradReport })).max(16) });
export type NtGradObservation = z.infer<typeof ntGradObservation>;

export const trainObservation = z.object({
  losses: values,
  before: values,
  after: values,
  n: z.number().int().positive(),
  embedDim: z.number().int().positive(),
  ms: z.number(),
});
export type TrainObservation = z.infer<typeof trainObservation>;

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });

export function closeTo(got: number, want: number, abs = 1e-4, rel = 1e-3): boolean {
  return Math.abs(got - want) <= abs + rel * Math.abs(want);
}

export const fmt = (v: number | null | undefined): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);

export function checkShape(fn: string, report: TensorReport | undefined, want: number[]): Verdict | null {
  if (!report) return fail(`${fn} was not called the expected number of times.`);
  if (report.shape.join() !== want.join()) {
    const extra = want.length === 0 ? ' Average the per-anchor losses into one number with .mean().' : '';
    return fail(`${fn} returned shape [${report.shape.join(', ')}], expected [${want.join(', ')}].${extra}`);
  }
  if (report.nonFinite > 0) {
    return fail(
      `${fn} returned ${report.nonFinite} NaN or Infinity value(s). Look for a division by a zero length ` +
        '(put 1e-12 inside the square root) or a mask made with Infinity (use -1e9 instead).' +
        (fn === 'ntXent'
          ? ' Taking log(softmax(...)) does it too: the masked diagonal gets probability exactly 0, and ' +
            'log(0) * 0 is NaN. Use tf.logSoftmax.'
          : ''),
    );
  }
  return null;
}

/** The loss as a number, or the verdict explaining why there is no usable number. */
export function lossValue(report: TensorReport | undefined): number | Verdict {
  const bad = checkShape('ntXent', report, []);
  if (bad || !report) return bad ?? fail('No result.');
  return report.values[0] ?? NaN;
}

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
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const got = report.values[i * cols + j] ?? NaN;
      const want = expected[i]![j]!;
      if (!closeTo(got, want, tol.abs, tol.rel)) {
        return fail(`${fn}: entry [${i}][${j}] is ${fmt(got)} but should be ${fmt(want)}. ${hint}`);
      }
    }
  }
  return null;
}

/** Memory points need a result of the right shape, so a placeholder return earns nothing. */
export function leakVerdict(fn: string, obs: CasesObservation, want: number[]): Verdict {
  for (const r of obs.results) {
    const bad = checkShape(fn, r, want);
    if (bad) return bad;
  }
  const worst = Math.max(0, ...obs.results.map((r) => r.leaked));
  if (worst > 0) {
    return fail(
      `${fn} left ${worst} tensor(s) behind after one call. Wrap the body in tf.tidy(() => { ... }) ` +
        'and return the result from inside it.',
    );
  }
  return pass(`${fn} cleans up after itself.`);
}

export type KnownMistake = { value: number; hint: string };

/** Typical wrong implementations give recognisable numbers; name the mistake when we see one. */
export function diagnose(got: number, mistakes: ReadonlyArray<KnownMistake>): string {
  const match = mistakes.find((m) => closeTo(got, m.value, 1e-4, 1e-4));
  return match ? ` That is exactly what you get when ${match.hint}` : '';
}

export function randomMatrix(rand: () => number, rows: number, cols: number, lo = -1, hi = 1): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + (hi - lo) * rand()));
}

export type Retrieval = { top1: number; posCos: number; negCos: number };

/**
 * How well held-out embeddings pair up: rows k and k + n (mod 2n) are the two views of a sample.
 * top1 is the fraction of the 2n anchors whose most similar other row (by cosine) is their
 * partner; posCos and negCos are the mean cosine to the partner and to everyone else.
 */
export function retrieval(flat: ReadonlyArray<number | null>, n: number, k: number): Retrieval {
  const rows = Array.from({ length: 2 * n }, (_, i) => {
    const r = flat.slice(i * k, (i + 1) * k).map((v) => v ?? NaN);
    const len = Math.sqrt(r.reduce((s, v) => s + v * v, 0)) || 1;
    return r.map((v) => v / len);
  });
  let hits = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < 2 * n; i++) {
    const partner = (i + n) % (2 * n);
    let best = -1;
    let bestSim = -Infinity;
    for (let j = 0; j < 2 * n; j++) {
      if (j === i) continue;
      const sim = rows[i]!.reduce((s, v, d) => s + v * rows[j]![d]!, 0);
      if (j === partner) pos += sim;
      else neg += sim;
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    if (best === partner) hits += 1;
  }
  return { top1: hits / (2 * n), posCos: pos / (2 * n), negCos: neg / (2 * n * (2 * n - 2)) };
}

export type TrainBar = { minDrop: number; minTop1: number; minGap: number };

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(xs.length, 1);

/** Reads the training run: a finite, falling loss curve and held-out views that find each other. */
export function trainVerdict(obs: TrainObservation, steps: number, bar: TrainBar): Verdict {
  const badStep = obs.losses.findIndex((v) => v === null);
  if (badStep >= 0) {
    return fail(
      `The loss became NaN or Infinity at training step ${badStep}. Mask the diagonal with a large ` +
        'finite number (-1e9), not -Infinity, keep 1e-12 inside the square root, and take tf.logSoftmax rather ' +
        'than log(softmax(...)), which is log(0) on the masked diagonal.',
    );
  }
  if (obs.losses.length !== steps) return fail(`Training stopped after ${obs.losses.length} of ${steps} steps.`);
  const losses = obs.losses as number[];
  const first = mean(losses.slice(0, 10));
  const last = mean(losses.slice(-10));
  if (first - last < bar.minDrop) {
    return fail(
      `Training with your loss barely moved it: the mean of the first 10 steps was ${fmt(first)}, of the ` +
        `last 10 ${fmt(last)} (a drop of at least ${bar.minDrop} is expected). Check the partners and the ` +
        'sign: the loss must fall when partner views get more similar.',
    );
  }
  if (obs.after.some((v) => v === null)) return fail('The trained encoder produced NaN embeddings.');
  const before = retrieval(obs.before, obs.n, obs.embedDim);
  const after = retrieval(obs.after, obs.n, obs.embedDim);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const story =
    `Held-out views found their partner ${pct(before.top1)} of the time before training and ` +
    `${pct(after.top1)} after; mean cosine to the partner ${fmt(after.posCos)}, to the others ${fmt(after.negCos)}.`;
  if (after.top1 < bar.minTop1) {
    return fail(`${story} At least ${pct(bar.minTop1)} is expected: your loss does not pull partners together enough.`);
  }
  if (after.posCos - after.negCos < bar.minGap) {
    return fail(`${story} Partners should be at least ${bar.minGap} more similar than non-partners.`);
  }
  return pass(`Loss fell from ${fmt(first)} to ${fmt(last)}. ${story}`);
}

/** All cases must give the same loss as the first one. */
export function sameLoss(obs: CasesObservation, labels: string[], why: string): Verdict {
  const base = lossValue(obs.results[0]);
  if (typeof base !== 'number') return base;
  for (let k = 1; k < obs.results.length; k++) {
    const got = lossValue(obs.results[k]);
    if (typeof got !== 'number') return got;
    if (!closeTo(got, base, 1e-4, 1e-4)) {
      return fail(`${labels[k - 1]} changed the loss from ${fmt(base)} to ${fmt(got)}. ${why}`);
    }
  }
  return pass(`The loss stays at ${fmt(base)} under every change.`);
}

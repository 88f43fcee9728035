import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

const values = z.array(z.number().nullable()).max(200_000);
const shape = z.array(z.number().int().nonnegative()).max(8);
const tensorRead = z.object({ values, shape, nonFinite: z.number().int().nonnegative(), dtype: z.string().max(20) });
export type TensorRead = z.infer<typeof tensorRead>;

export const rotObservation = z.object({
  results: z.array(tensorRead.extend({ leaked: z.number().int(), ms: z.number(), returnedInput: z.boolean().optional() })).max(16),
});
export type RotObservation = z.infer<typeof rotObservation>;

export const batchObservation = z.object({
  results: z.array(z.object({ images: tensorRead, labels: tensorRead, leaked: z.number().int(), inputIntact: z.boolean() })).max(8),
});
export type BatchObservation = z.infer<typeof batchObservation>;

export const lossObservation = z.object({
  results: z.array(z.object({ loss: tensorRead.extend({ leaked: z.number().int() }), grad: tensorRead })).max(8),
});
export type LossObservation = z.infer<typeof lossObservation>;

export const trainObservation = z.object({
  losses: values,
  predictions: z.array(z.number().int()).max(10_000),
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

export type Shape4 = [number, number, number, number];

/** A random NHWC batch as a flat array with distinct values, so every misplaced pixel shows. */
export function randomImages(rand: () => number, shape: Shape4): number[] {
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, i) => Math.round((i + rand()) * 100) / 100);
}

export function checkShape(fn: string, report: TensorRead | undefined, want: number[]): Verdict | null {
  if (!report) return fail(`${fn} was not called the expected number of times.`);
  if (report.shape.join() !== want.join()) {
    return fail(`${fn} returned shape [${report.shape.join(', ')}], expected [${want.join(', ')}].`);
  }
  if (report.nonFinite > 0) return fail(`${fn} returned ${report.nonFinite} NaN or Infinity value(s).`);
  return null;
}

/** Compares flat values; `where` turns a flat index into words the learner can act on. */
export function compareFlat(
  fn: string,
  report: TensorRead | undefined,
  wantShape: number[],
  want: ReadonlyArray<number>,
  hint: string,
  where: (i: number) => string = (i) => `value ${i}`,
  tol = 1e-5,
): Verdict | null {
  const bad = checkShape(fn, report, wantShape);
  if (bad || !report) return bad;
  for (let i = 0; i < want.length; i++) {
    const got = report.values[i] ?? NaN;
    if (!closeTo(got, want[i]!, tol, tol)) {
      return fail(`${fn}: ${where(i)} is ${fmt(got)} but should be ${fmt(want[i])}. ${hint}`);
    }
  }
  return null;
}

/** "image n, row r, column c, channel ch" for a flat NHWC index. */
export function pixelName(shape: ReadonlyArray<number>): (i: number) => string {
  const [, h = 1, w = 1, c = 1] = shape;
  return (i) => {
    const ch = i % c;
    const col = Math.floor(i / c) % w;
    const row = Math.floor(i / (c * w)) % h;
    const img = Math.floor(i / (c * w * h));
    return `image ${img}, row ${row}, column ${col}${c > 1 ? `, channel ${ch}` : ''}`;
  };
}

/** Flips rows and columns of every image: what two quarter turns must give. */
export function flipBoth(x: ReadonlyArray<number>, shape: Shape4): number[] {
  const [n, h, w, c] = shape;
  const out = new Array<number>(x.length);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < h; r++)
      for (let col = 0; col < w; col++)
        for (let ch = 0; ch < c; ch++) out[((b * h + r) * w + col) * c + ch] = x[((b * h + (h - 1 - r)) * w + (w - 1 - col)) * c + ch]!;
  return out;
}

export function leakVerdict(fn: string, leaked: number[]): Verdict {
  const worst = Math.max(0, ...leaked);
  if (worst > 0) {
    return fail(`${fn} left ${worst} tensor(s) behind after one call. Wrap the body in tf.tidy(() => { ... }) and return the result from inside it.`);
  }
  return pass(`${fn} cleans up after itself.`);
}

/** Expected labels of rotateBatch for n images: n zeros, then n ones, n twos, n threes. */
export const blockLabels = (n: number): number[] => [0, 1, 2, 3].flatMap((k) => new Array<number>(n).fill(k));

export function labelsVerdict(labels: TensorRead, n: number): Verdict | null {
  const want = blockLabels(n);
  if (labels.shape.join() !== String(4 * n)) {
    return fail(`labels should have shape [${4 * n}] (one label per returned image), not [${labels.shape.join(', ')}].`);
  }
  if (labels.dtype !== 'int32') {
    return fail(`labels have dtype ${labels.dtype}; make them int32 (tf.oneHot and tf.equal need integer labels).`);
  }
  const got = labels.values.map((v) => v ?? NaN);
  if (got.join() !== want.join()) {
    const shown = got.length > 16 ? `${got.slice(0, 16).join(', ')}, ...` : got.join(', ');
    return fail(
      `labels are [${shown}] but should be [${want.join(', ')}]: all images turned 0 times first, then all turned ` +
        'once, and so on, in the same order as the images.',
    );
  }
  return null;
}

/** Judges the training run: a finite loss curve and held-out rotations predicted well enough. */
export function trainVerdict(obs: TrainObservation, turns: ReadonlyArray<number>, steps: number, minAccuracy: number): Verdict {
  const bad = obs.losses.findIndex((v) => v === null);
  if (bad >= 0) return fail(`The loss became NaN or Infinity at training step ${bad}. Check rotationLoss.`);
  if (obs.losses.length !== steps) return fail(`Training stopped after ${obs.losses.length} of ${steps} steps.`);
  if (obs.predictions.length !== turns.length) return fail('The model did not predict every held-out image.');
  const confusion = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  turns.forEach((k, i) => {
    const p = obs.predictions[i]!;
    if (p >= 0 && p < 4) confusion[k]![p]! += 1;
  });
  const right = confusion.reduce((s, row, k) => s + row[k]!, 0);
  const acc = right / turns.length;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const losses = obs.losses as number[];
  const story = `The loss went from ${fmt(losses[0])} to ${fmt(losses.at(-1))}; ${pct(acc)} of held-out glyphs got their rotation right`;
  if (acc >= minAccuracy) return pass(`${story} (chance is 25%).`);
  const swapped = confusion[1]![3]! + confusion[3]![1]!;
  const turned = confusion[1]![1]! + confusion[3]![3]!;
  if (swapped > 2 * turned) {
    return fail(
      `${story}, and images turned 90 degrees counter-clockwise were mostly predicted as 270 (and the other way round). ` +
        'Your images and labels disagree on the direction: label 1 must mean one counter-clockwise quarter turn.',
    );
  }
  return fail(
    `${story}; at least ${pct(minAccuracy)} is expected. Make the rot90 and rotateBatch tests pass first: the model ` +
      'can only learn if every image sits next to the label of its own rotation.',
  );
}

import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

type Matrix = number[][];

const values = z.array(z.number().nullable()).max(100_000);
const shape = z.array(z.number().int().nonnegative()).max(8);

export const nceObservation = z.object({
  results: z.array(z.object({ value: z.number().nullable(), shape, leaked: z.number().int(), grad: values.optional() })).max(8),
});
export type NceObservation = z.infer<typeof nceObservation>;

export const pairsObservation = z.object({
  results: z
    .array(z.object({ context: values, contextShape: shape, target: values, targetShape: shape, leaked: z.number().int() }))
    .max(8),
});
export type PairsObservation = z.infer<typeof pairsObservation>;
export type PairsReport = PairsObservation['results'][number];

export const trainObservation = z.object({
  losses: z.array(z.number().nullable()).max(1000),
  right: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  batch: z.number().int().positive(),
});
export type TrainObservation = z.infer<typeof trainObservation>;

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });

export function closeTo(got: number, want: number, abs = 1e-5, rel = 1e-4): boolean {
  return Math.abs(got - want) <= abs + rel * Math.abs(want);
}

export const fmt = (v: number | null | undefined): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** logits[i][j] = pred_i . target_j / temperature, in float64. */
export function logitsOf(pred: Matrix, target: Matrix, temperature: number): Matrix {
  return pred.map((p) => target.map((q) => p.reduce((s, v, d) => s + v * q[d]!, 0) / temperature));
}

const logSumExp = (row: number[]) => {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
};

/** Mean over rows of the cross-entropy with the diagonal as the right answer (softmax over each row). */
export function rowCrossEntropy(logits: Matrix): number {
  return logits.reduce((s, row, i) => s + logSumExp(row) - row[i]!, 0) / logits.length;
}

export function referenceNCE(pred: Matrix, target: Matrix, temperature: number): number {
  return rowCrossEntropy(logitsOf(pred, target, temperature));
}

/** d loss / d pred = (softmax(logits) - I) target / (temperature * B). */
export function referenceNCEGrad(pred: Matrix, target: Matrix, temperature: number): number[] {
  const logits = logitsOf(pred, target, temperature);
  const B = pred.length;
  const out: number[] = [];
  logits.forEach((row, i) => {
    const lse = logSumExp(row);
    const coef = row.map((v, j) => Math.exp(v - lse) - (i === j ? 1 : 0));
    for (let d = 0; d < pred[0]!.length; d++) {
      out.push(coef.reduce((s, c, j) => s + c * target[j]![d]!, 0) / (temperature * B));
    }
  });
  return out;
}

export function nceValueVerdict(obs: NceObservation, index: number, want: number, hint: string): Verdict | null {
  const r = obs.results[index];
  if (!r) return fail('infoNCE was not called the expected number of times.');
  if (r.shape.length !== 0) {
    return fail(`infoNCE returned shape [${r.shape.join(', ')}]; it must be a scalar (shape []): average over the batch.`);
  }
  if (r.value === null) {
    return fail(
      'infoNCE returned NaN or Infinity. exp() of a large score overflows float32 (above about 88); ' +
        'tf.logSoftmax subtracts the row maximum first and stays finite.',
    );
  }
  if (!closeTo(r.value, want)) return fail(`infoNCE returned ${fmt(r.value)}, expected ${fmt(want)}. ${hint}`);
  return null;
}

export function randomMatrix(rand: () => number, rows: number, cols: number, scale = 1): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * (2 * rand() - 1)));
}

export function randomFrames(rand: () => number, b: number, t: number, d: number): number[][][] {
  return Array.from({ length: b }, () => randomMatrix(rand, t, d));
}

/** Mean of frames 0..t and frame t + k for every batch row, flattened like a [B, D] tensor. */
export function referencePairs(frames: number[][][], t: number, k: number): { context: number[]; target: number[] } {
  const context: number[] = [];
  const target: number[] = [];
  for (const seq of frames) {
    const D = seq[0]!.length;
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let j = 0; j <= t; j++) s += seq[j]![d]!;
      context.push(s / (t + 1));
    }
    target.push(...seq[t + k]!);
  }
  return { context, target };
}

export function pairsShapeVerdict(r: PairsReport | undefined, b: number, d: number): Verdict | null {
  if (!r) return fail('makeContextTargetPairs was not called the expected number of times.');
  for (const [name, s] of [['context', r.contextShape], ['target', r.targetShape]] as const) {
    if (s.join() !== `${b},${d}`) {
      return fail(`${name} has shape [${s.join(', ')}], expected [${b}, ${d}] (one vector per sequence in the batch).`);
    }
  }
  return null;
}

/** Compares one pairs report with the float64 reference; says which of the two is off. */
export function pairsValueVerdict(r: PairsReport | undefined, frames: number[][][], t: number, k: number): Verdict | null {
  const b = frames.length;
  const d = frames[0]![0]!.length;
  const bad = pairsShapeVerdict(r, b, d);
  if (bad || !r) return bad;
  const want = referencePairs(frames, t, k);
  for (let i = 0; i < b * d; i++) {
    if (!closeTo(r.context[i] ?? NaN, want.context[i]!, 1e-5, 1e-4)) {
      return fail(
        `context[${Math.floor(i / d)}][${i % d}] is ${fmt(r.context[i])}, expected ${fmt(want.context[i])} ` +
          `(the mean of frames 0..${t}, with t = ${t}).`,
      );
    }
    if (!closeTo(r.target[i] ?? NaN, want.target[i]!, 1e-6, 0)) {
      return fail(
        `target[${Math.floor(i / d)}][${i % d}] is ${fmt(r.target[i])}, expected ${fmt(want.target[i])} ` +
          `(frame t + k = ${t + k}).`,
      );
    }
  }
  return null;
}

/** Reads the loss curve and the held-out contrastive accuracy of the tones run. */
export function learnsVerdict(obs: TrainObservation, minAccuracy: number): Verdict {
  if (obs.losses.some((l) => l === null)) {
    return fail('The InfoNCE loss became NaN or Infinity during training. Make the earlier infoNCE tests pass first.');
  }
  const losses = obs.losses as number[];
  const first = losses[0] ?? NaN;
  const tail = losses.slice(-8);
  const end = tail.reduce((s, v) => s + v, 0) / Math.max(1, tail.length);
  const chance = 1 / obs.batch;
  const acc = obs.right / obs.total;
  const line =
    `After training, the true future frame scored highest among ${obs.batch} candidates for ${pct(acc)} of ` +
    `${obs.total} held-out signals (chance: ${pct(chance)}); loss ${fmt(first)} -> ${fmt(end)} (log ${obs.batch} = ${fmt(Math.log(obs.batch))}).`;
  // Guessing uniformly among the B candidates costs log B; learning must get clearly below it.
  if (!(end < Math.log(obs.batch) - 0.5)) {
    return fail(
      `${line} The loss should end well below log ${obs.batch}; is it connected to the gradient (no dataSync())?`,
    );
  }
  if (acc < minAccuracy) {
    const collapsed = end < 0.1 && acc < 2 * chance;
    const why = collapsed
      ? ' The loss reached almost 0 without the model telling futures apart: a loss without negatives can be ' +
        'satisfied by mapping everything to the same large vector (collapse).'
      : '';
    return fail(`${line} At least ${pct(minAccuracy)} is expected.${why}`);
  }
  return pass(line);
}

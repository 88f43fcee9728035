import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';

// Probes run next to learner code (browser worker or jailed server child), so they only ever
// see inputs. Every expected value lives in the judges.

type Matrix = number[][];
type LearnerFn = (...args: unknown[]) => unknown;

/** What a probe reports about one call. Non-finite numbers become null so the report survives JSON. */
type TensorReport = {
  values: (number | null)[];
  shape: number[];
  nonFinite: number;
  leaked: number;
  ms: number;
  /** The function handed back one of its own input tensors instead of a new tensor. */
  aliased: boolean;
  /** The function disposed one of the caller's input tensors. */
  inputDisposed: boolean;
};

function learnerFunction(learner: LearnerModule, name: string): LearnerFn {
  const fn = learner[name];
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'nothing' : `a ${typeof fn}`;
    throw new ProbeError(`Export a function named ${name} (found ${found} under that name).`);
  }
  return fn as LearnerFn;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (did you forget a return?)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a plain array';
  return `a ${typeof value}`;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Calls the learner's function on tensors made here and reads the result back. Inputs are created
 * before the tensor count is taken, and the returned tensor is subtracted, so `leaked` counts only
 * what the learner's code left behind.
 */
async function callAndRead(
  ctx: ProbeContext,
  name: string,
  fn: LearnerFn,
  inputs: TF.Tensor[],
  extraArgs: unknown[],
): Promise<TensorReport> {
  const { tf } = ctx;
  try {
    const before = tf.memory().numTensors;
    const started = now();
    const out = fn(...inputs, ...extraArgs);
    const ms = now() - started;
    if (out instanceof Promise) {
      throw new ProbeError(`${name} returned a Promise. Make it a plain (not async) function.`);
    }
    if (!(out instanceof tf.Tensor)) {
      throw new ProbeError(`${name} should return a tf.Tensor2D, but it returned ${describeValue(out)}.`);
    }
    const isInput = inputs.includes(out);
    const leaked = tf.memory().numTensors - before - (isInput ? 0 : 1);
    const inputDisposed = inputs.some((t) => t.isDisposed);
    const raw = Array.from(await out.data(), Number);
    if (!isInput) out.dispose();
    let nonFinite = 0;
    const values = raw.map((v) => {
      if (Number.isFinite(v)) return v;
      nonFinite += 1;
      return null;
    });
    return { values, shape: [...out.shape], nonFinite, leaked, ms, aliased: isInput, inputDisposed };
  } finally {
    tf.dispose(inputs);
  }
}

/** One step of a pipeline: its tensor feeds the next step; `owned` is disposed whatever happens. */
function tensorStep(ctx: ProbeContext, name: string, run: () => unknown, owned: TF.Tensor[]): TF.Tensor {
  let out: unknown;
  try {
    out = run();
    if (!(out instanceof ctx.tf.Tensor)) {
      throw new ProbeError(`${name} should return a tf.Tensor2D, but it returned ${describeValue(out)}.`);
    }
    return out;
  } finally {
    ctx.tf.dispose(owned.filter((t) => t !== out));
  }
}

function asCases(input: Json): Array<Record<string, Json>> {
  const cases = (input as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) throw new Error('Grader bug: probe input has no cases.');
  return cases as Array<Record<string, Json>>;
}

async function runCases(
  learner: LearnerModule,
  input: Json,
  ctx: ProbeContext,
  name: string,
  build: (c: Record<string, Json>) => { tensors: TF.Tensor[]; extra: unknown[] },
): Promise<Json> {
  const fn = learnerFunction(learner, name);
  const results: TensorReport[] = [];
  for (const c of asCases(input)) {
    const { tensors, extra } = build(c);
    results.push(await callAndRead(ctx, name, fn, tensors, extra));
  }
  return { results };
}

function argmaxRows(values: ReadonlyArray<number | null>, shape: ReadonlyArray<number>): number[] {
  const rows = shape[0] ?? 0;
  const cols = shape[1] ?? 1;
  const pred: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (typeof v === 'number' && v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    pred.push(best);
  }
  return pred;
}

export const probes: Probes = {
  buildAffinity: (learner, input, ctx) =>
    runCases(learner, input, ctx, 'buildAffinity', (c) => ({
      tensors: [ctx.tf.tensor2d(c.X as Matrix)],
      extra: [c.gamma],
    })),

  normalizeSym: (learner, input, ctx) =>
    runCases(learner, input, ctx, 'normalizeSym', (c) => ({
      tensors: [ctx.tf.tensor2d(c.W as Matrix)],
      extra: [],
    })),

  labelSpreading: (learner, input, ctx) =>
    runCases(learner, input, ctx, 'labelSpreading', (c) => ({
      tensors: [ctx.tf.tensor2d(c.S as Matrix), ctx.tf.tensor2d(c.Y as Matrix)],
      extra: [c.alpha, c.iters],
    })),

  labelPropagationHard: (learner, input, ctx) =>
    runCases(learner, input, ctx, 'labelPropagationHard', (c) => ({
      tensors: [
        ctx.tf.tensor2d(c.W as Matrix),
        ctx.tf.tensor2d(c.Y as Matrix),
        ctx.tf.tensor1d(c.mask as number[]),
      ],
      extra: [c.iters],
    })),

  /**
   * End to end on a moons split: graph from the learner's own buildAffinity, then either spreading
   * (through their normalizeSym) or hard-clamped propagation. Reports predicted classes only.
   */
  moons: async (learner, input, ctx) => {
    const { tf } = ctx;
    const spec = input as {
      X: Matrix;
      labeled: number[];
      labels: number[];
      classes: number;
      gamma: number;
      alpha: number;
      iters: number;
      method: 'spreading' | 'hard';
    };
    const spreading = spec.method === 'spreading';
    // Every export is looked up before any tensor exists, so a missing one cannot leak inputs.
    const affinity = learnerFunction(learner, 'buildAffinity');
    const normalize = spreading ? learnerFunction(learner, 'normalizeSym') : undefined;
    const propagate = learnerFunction(learner, spreading ? 'labelSpreading' : 'labelPropagationHard');
    const n = spec.X.length;
    const Yrows: Matrix = spec.X.map(() => new Array<number>(spec.classes).fill(0));
    const mask = new Array<number>(n).fill(0);
    spec.labeled.forEach((i, k) => {
      Yrows[i]![spec.labels[k]!] = 1;
      mask[i] = 1;
    });
    const X = tf.tensor2d(spec.X);
    const W = tensorStep(ctx, 'buildAffinity', () => affinity(X, spec.gamma), [X]);
    let report: TensorReport;
    if (normalize) {
      const S = tensorStep(ctx, 'normalizeSym', () => normalize(W), [W]);
      const args = [spec.alpha, spec.iters];
      report = await callAndRead(ctx, 'labelSpreading', propagate, [S, tf.tensor2d(Yrows)], args);
    } else {
      const inputs = [W, tf.tensor2d(Yrows), tf.tensor1d(mask)];
      report = await callAndRead(ctx, 'labelPropagationHard', propagate, inputs, [spec.iters]);
    }
    const pred = argmaxRows(report.values, report.shape);
    const title = spreading ? 'Label spreading' : 'Hard-clamped label propagation';
    const points = spec.X.map(([x, y], i) => ({ x: x ?? 0, y: y ?? 0, label: pred[i] ?? -1 }));
    ctx.scatter(`${title}: predicted classes`, points);
    const { shape, nonFinite, leaked, ms } = report;
    return { pred, shape, nonFinite, leaked, ms };
  },
};

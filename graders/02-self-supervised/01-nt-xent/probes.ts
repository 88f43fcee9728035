import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { rethrowMissingWasmKernel } from '@/lib/grading/wasm-kernels';
import { gaussian, mulberry32 } from '@/lib/datasets/prng';
import { makeTwoViews } from '@/lib/datasets/two-views';

// Probes run next to learner code (browser worker or jailed server child), so they only ever
// see inputs. Every expected value lives in the judges.

type Matrix = number[][];
type LearnerFn = (...args: unknown[]) => unknown;
type Case = Record<string, Json>;

const GRADIENT_ADVICE =
  'Build the loss from tf operations only: dataSync(), arraySync() or plain JavaScript numbers in the ' +
  'middle cut the gradient, and the encoder could not learn from your loss.';

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

/** Non-finite numbers become null so that a report survives JSON. */
function finiteOrNull(values: ArrayLike<number>): { values: (number | null)[]; nonFinite: number } {
  let nonFinite = 0;
  const out = Array.from(values, (v) => {
    if (Number.isFinite(v)) return v;
    nonFinite += 1;
    return null;
  });
  return { values: out, nonFinite };
}

function asTensor(ctx: ProbeContext, name: string, out: unknown, kind: string): TF.Tensor {
  if (out instanceof Promise) throw new ProbeError(`${name} returned a Promise. Make it a plain (not async) function.`);
  if (!(out instanceof ctx.tf.Tensor)) {
    throw new ProbeError(`${name} should return a ${kind}, but it returned ${describeValue(out)}.`);
  }
  return out;
}

/**
 * Rewrites tfjs's "no path from x to y" errors into advice and a missing wasm kernel into a grader
 * error; anything else is the learner's own error.
 */
function explainGradientError(name: string, error: unknown): never {
  const message = error instanceof Error ? error.message : '';
  if (/Cannot compute gradient|Cannot find a connection/i.test(message)) {
    throw new ProbeError(`No gradient flows through ${name}. ${GRADIENT_ADVICE}`);
  }
  rethrowMissingWasmKernel(error);
  throw error;
}

/**
 * Calls the learner's function on tensors made here and reads the result back. Inputs exist
 * before the tensor count is taken and the result is subtracted, so `leaked` counts only what the
 * learner's code left behind.
 */
async function callAndRead(
  ctx: ProbeContext,
  name: string,
  kind: string,
  fn: LearnerFn,
  inputs: TF.Tensor[],
  extra: unknown[],
) {
  const { tf } = ctx;
  try {
    const before = tf.memory().numTensors;
    const started = now();
    const out = asTensor(ctx, name, fn(...inputs, ...extra), kind);
    const ms = now() - started;
    const isInput = inputs.includes(out);
    const leaked = tf.memory().numTensors - before - (isInput ? 0 : 1);
    const { values, nonFinite } = finiteOrNull(await out.data());
    const shape = [...out.shape];
    if (!isInput) out.dispose();
    return { values, shape, nonFinite, leaked, ms };
  } finally {
    tf.dispose(inputs);
  }
}

function asCases(input: Json): Case[] {
  const cases = (input as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) throw new Error('Grader bug: probe input has no cases.');
  return cases as Case[];
}

/** Gradients of `f` with respect to each input, read back; the inputs are disposed afterwards. */
async function gradients(ctx: ProbeContext, name: string, inputs: TF.Tensor[], f: (...xs: TF.Tensor[]) => TF.Tensor) {
  const { tf } = ctx;
  let grads: TF.Tensor[] = [];
  try {
    // A plain forward pass first: if the learner's code throws, it throws outside the gradient
    // tape, whose saved tensors tfjs would otherwise never free.
    tf.tidy(() => {
      f(...inputs);
    });
    try {
      grads = tf.grads((...xs: TF.Tensor[]) => f(...xs))(inputs);
    } catch (error) {
      explainGradientError(name, error);
    }
    const out = [];
    for (const g of grads) {
      const { values, nonFinite } = finiteOrNull(await g.data());
      out.push({ values, shape: [...g.shape], nonFinite });
    }
    return out;
  } finally {
    tf.dispose([...grads, ...inputs]);
  }
}

function scalarOf(ctx: ProbeContext, name: string, out: unknown): TF.Scalar {
  const t = asTensor(ctx, name, out, 'tf.Scalar');
  if (t.rank !== 0) {
    throw new ProbeError(
      `${name} should return a scalar (shape []), but returned shape [${t.shape.join(', ')}]. ` +
        'Average the per-anchor losses with .mean().',
    );
  }
  return t as TF.Scalar;
}

/** The training probe's linear encoder starts from the same seeded weights for everyone. */
function initialWeights(seed: number, rows: number, cols: number): Float32Array {
  const normal = gaussian(mulberry32(seed));
  return Float32Array.from({ length: rows * cols }, () => normal() / Math.sqrt(rows));
}

type TrainSpec = {
  mixSeed: number;
  batchSeed: number;
  initSeed: number;
  evalSeed: number;
  steps: number;
  batch: number;
  evalN: number;
  embedDim: number;
  temperature: number;
  learningRate: number;
};

export const probes: Probes = {
  l2Normalize: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'l2Normalize');
    const results = [];
    for (const c of asCases(input)) {
      results.push(await callAndRead(ctx, 'l2Normalize', 'tf.Tensor2D', fn, [ctx.tf.tensor2d(c.z as Matrix)], []));
    }
    return { results };
  },

  /** Gradient of sum(l2Normalize(z) * w) with respect to z: finite even for a row of zeros? */
  l2NormalizeGrad: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'l2Normalize');
    const results = [];
    for (const c of asCases(input)) {
      const w = ctx.tf.tensor2d(c.w as Matrix);
      try {
        const [g] = await gradients(ctx, 'l2Normalize', [ctx.tf.tensor2d(c.z as Matrix)], (z) =>
          asTensor(ctx, 'l2Normalize', fn(z), 'tf.Tensor2D').mul(w).sum(),
        );
        results.push(g!);
      } finally {
        w.dispose();
      }
    }
    return { results };
  },

  ntXent: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'ntXent');
    const results = [];
    for (const c of asCases(input)) {
      const inputs = [ctx.tf.tensor2d(c.z1 as Matrix), ctx.tf.tensor2d(c.z2 as Matrix)];
      results.push(await callAndRead(ctx, 'ntXent', 'tf.Scalar', fn, inputs, [c.temperature]));
    }
    return { results };
  },

  ntXentGrad: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'ntXent');
    const results = [];
    for (const c of asCases(input)) {
      const inputs = [ctx.tf.tensor2d(c.z1 as Matrix), ctx.tf.tensor2d(c.z2 as Matrix)];
      const [g1, g2] = await gradients(ctx, 'ntXent', inputs, (a, b) =>
        scalarOf(ctx, 'ntXent', fn(a, b, c.temperature)),
      );
      results.push({ g1: g1!, g2: g2! });
    }
    return { results };
  },

  /**
   * Trains a linear encoder (16 -> embedDim) with the learner's loss on fresh two-view batches and
   * reports the loss curve plus embeddings of a held-out batch before and after training.
   */
  train: async (learner, input, ctx) => {
    const { tf } = ctx;
    const spec = input as unknown as TrainSpec;
    const fn = learnerFunction(learner, 'ntXent');
    const dim = 16;
    const held = makeTwoViews({ n: spec.evalN, seed: spec.evalSeed, mixSeed: spec.mixSeed });
    const heldOut = tf.tidy(() =>
      tf.concat([tf.tensor2d(held.view1, [spec.evalN, dim]), tf.tensor2d(held.view2, [spec.evalN, dim])]),
    );
    const init = tf.tensor2d(initialWeights(spec.initSeed, dim, spec.embedDim), [dim, spec.embedDim]);
    const W = tf.variable(init);
    init.dispose();
    const optimizer = tf.train.adam(spec.learningRate);
    const embed = async () => {
      const z = tf.tidy(() => heldOut.matMul(W));
      const data = await z.data();
      z.dispose();
      return finiteOrNull(data).values;
    };
    const started = now();
    try {
      // One plain call outside the gradient tape (see `gradients`), which also checks the contract.
      tf.tidy(() => {
        scalarOf(ctx, 'ntXent', fn(heldOut.slice([0, 0], [2, dim]), heldOut.slice([spec.evalN, 0], [2, dim]), spec.temperature));
      });
      const before = await embed();
      const losses: (number | null)[] = [];
      for (let step = 0; step < spec.steps; step++) {
        const b = makeTwoViews({ n: spec.batch, seed: spec.batchSeed + step, mixSeed: spec.mixSeed });
        const x1 = tf.tensor2d(b.view1, [spec.batch, dim]);
        const x2 = tf.tensor2d(b.view2, [spec.batch, dim]);
        let cost: TF.Scalar | null = null;
        try {
          cost = optimizer.minimize(
            () => scalarOf(ctx, 'ntXent', fn(x1.matMul(W), x2.matMul(W), spec.temperature)),
            true,
            [W],
          );
        } catch (error) {
          explainGradientError('ntXent', error);
        } finally {
          tf.dispose([x1, x2]);
        }
        const value = cost ? (await cost.data())[0]! : NaN;
        cost?.dispose();
        if (!Number.isFinite(value)) {
          losses.push(null);
          break; // A NaN loss has already destroyed the weights; more steps only cost time.
        }
        losses.push(value);
        ctx.metric('NT-Xent loss (training batch)', step, value);
      }
      const after = await embed();
      return { losses, before, after, n: spec.evalN, embedDim: spec.embedDim, ms: now() - started };
    } finally {
      optimizer.dispose();
      tf.dispose([W, heldOut]);
    }
  },
};

import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { rethrowMissingWasmKernel } from '@/lib/grading/wasm-kernels';
import { mulberry32 } from '@/lib/datasets/prng';
import { frameSignal, makeSignals, whiteNoise } from '@/lib/datasets/signals';

// Probes run next to learner code (browser worker or jailed server child), so they only ever
// see inputs. Every expected value lives in the judges.

type LearnerFn = (...args: unknown[]) => unknown;
type Matrix = number[][];
type Pairs = { context: TF.Tensor2D; target: TF.Tensor2D };

function learnerFunction(learner: LearnerModule, name: string): LearnerFn {
  const fn = learner[name];
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'nothing' : `a ${typeof fn}`;
    throw new ProbeError(`Export a function named ${name} (found ${found} under that name).`);
  }
  return fn as LearnerFn;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);
const read = async (t: TF.Tensor) => Array.from(await t.data(), (v) => finite(Number(v)));

function checkScalar(ctx: ProbeContext, out: unknown): TF.Scalar {
  if (out instanceof Promise) throw new ProbeError('infoNCE returned a Promise. Make it a plain (not async) function.');
  if (!(out instanceof ctx.tf.Tensor)) throw new ProbeError(`infoNCE should return a tf.Scalar, but it returned ${typeof out}.`);
  return out as TF.Scalar;
}

function checkPairs(ctx: ProbeContext, out: unknown): Pairs {
  const o = out as Partial<Pairs> | null;
  if (out instanceof Promise) throw new ProbeError('makeContextTargetPairs returned a Promise. Make it a plain function.');
  if (!o || !(o.context instanceof ctx.tf.Tensor) || !(o.target instanceof ctx.tf.Tensor)) {
    throw new ProbeError('makeContextTargetPairs must return an object { context, target } holding two tensors.');
  }
  return o as Pairs;
}

/** A missing-kernel error is the platform's bug, not the learner's; anything else is rethrown as is. */
function explainMissingKernel(error: unknown): never {
  rethrowMissingWasmKernel(error);
  throw error;
}

export const probes: Probes = {
  nce: async (learner, input, ctx) => {
    const { tf } = ctx;
    const fn = learnerFunction(learner, 'infoNCE');
    const spec = input as { grad?: boolean; cases: Array<{ pred: Matrix; target: Matrix; temperature: number }> };
    const results = [];
    for (const c of spec.cases) {
      const pred = tf.tensor2d(c.pred);
      const target = tf.tensor2d(c.target);
      try {
        const before = tf.memory().numTensors;
        const out = checkScalar(ctx, fn(pred, target, c.temperature));
        const leaked = tf.memory().numTensors - before - 1;
        const shape = [...out.shape];
        const value = (await read(out))[0] ?? null;
        out.dispose();
        let grad: (number | null)[] | undefined;
        if (spec.grad) {
          let g: TF.Tensor;
          try {
            g = tf.grad((p: TF.Tensor) => checkScalar(ctx, fn(p, target, c.temperature)))(pred);
          } catch (error) {
            explainMissingKernel(error);
          }
          grad = await read(g);
          g.dispose();
        }
        results.push({ value, shape, leaked, ...(grad ? { grad } : {}) });
      } finally {
        tf.dispose([pred, target]);
      }
    }
    return { results } as unknown as Json;
  },

  pairs: async (learner, input, ctx) => {
    const { tf } = ctx;
    const fn = learnerFunction(learner, 'makeContextTargetPairs');
    const cases = (input as { cases: Array<{ frames: number[][][]; t: number; k: number }> }).cases;
    const results = [];
    for (const c of cases) {
      const frames = tf.tensor3d(c.frames);
      try {
        const before = tf.memory().numTensors;
        const { context, target } = checkPairs(ctx, fn(frames, c.t, c.k));
        // Returning the input itself is not a leak, so only new tensors are counted.
        const own = [context, target].filter((x) => (x as TF.Tensor) !== frames);
        const leaked = tf.memory().numTensors - before - new Set(own).size;
        const report = {
          context: await read(context),
          contextShape: [...context.shape],
          target: await read(target),
          targetShape: [...target.shape],
          leaked,
        };
        tf.dispose(own);
        results.push(report);
      } finally {
        frames.dispose();
      }
    }
    return { results } as unknown as Json;
  },

  /**
   * CPC in miniature: a small encoder turns each frame into a vector, the learner's pairs give
   * (context, future frame), a linear predictor W_k maps the context to a guess of the future,
   * and the learner's infoNCE trains everything. Reports the loss curve and how often the true
   * future scores highest among the batch's candidates on fresh signals.
   */
  train: async (learner, input, ctx) => {
    const { tf } = ctx;
    const pairsFn = learnerFunction(learner, 'makeContextTargetPairs');
    const nceFn = learnerFunction(learner, 'infoNCE');
    const spec = input as {
      kind: 'tones' | 'noise';
      dataSeed: number;
      nTrain: number;
      nEval: number;
      frameLen: number;
      frames: number;
      k: number;
      steps: number;
      batch: number;
      lr: number;
      temperature: number;
      seed: number;
    };
    const { frameLen: F, frames: T, k, batch: B } = spec;
    const make = (n: number, seed: number) =>
      (spec.kind === 'tones' ? makeSignals(n, { length: F * T }, seed).signals : whiteNoise(n, F * T, seed)).map((s) =>
        frameSignal(s, F),
      );
    const train = make(spec.nTrain, spec.dataSeed);
    const held = make(spec.nEval, spec.dataSeed + 1);
    const H = 32;
    const D = 16;
    const glorot = (s: number) => tf.initializers.glorotUniform({ seed: s });
    const vars = tf.tidy(() => [
      tf.variable(glorot(spec.seed + 1).apply([F, H]) as TF.Tensor2D),
      tf.variable(tf.zeros([H])),
      tf.variable(glorot(spec.seed + 2).apply([H, D]) as TF.Tensor2D),
      tf.variable(glorot(spec.seed + 3).apply([D, D]) as TF.Tensor2D),
    ]);
    const [w1, b1, w2, wk] = vars as [TF.Variable, TF.Variable, TF.Variable, TF.Variable];
    const encode = (x: TF.Tensor3D) => {
      const [n, t] = x.shape;
      const h = tf.relu(x.reshape([n * t, F]).matMul(w1).add(b1));
      return h.matMul(w2).reshape([n, t, D]) as TF.Tensor3D;
    };
    /** Prediction of the future (W_k c) and the true future, both [B, D]. */
    const predictAndTarget = (x: TF.Tensor3D, t: number) => {
      const { context, target } = checkPairs(ctx, pairsFn(encode(x), t, k));
      return { pred: context.matMul(wk) as TF.Tensor2D, target };
    };
    const loss = (x: TF.Tensor3D, t: number) => {
      const { pred, target } = predictAndTarget(x, t);
      const l = checkScalar(ctx, nceFn(pred, target, spec.temperature));
      if (l.rank !== 0) throw new ProbeError(`infoNCE must return a scalar (shape []), not shape [${l.shape.join(', ')}].`);
      return l;
    };
    const optimizer = tf.train.adam(spec.lr);
    const rand = mulberry32(spec.seed);
    const losses: Array<number | null> = [];
    try {
      // A forward pass outside the optimizer first: tfjs does not free the tensors of a gradient
      // computation that throws, so broken code should fail here.
      tf.tidy(() => {
        loss(tf.tensor3d(train.slice(0, B)), 1);
      });
      for (let step = 0; step < spec.steps; step++) {
        const x = tf.tensor3d(Array.from({ length: B }, () => train[Math.floor(rand() * train.length)]!));
        // A different "now" each step; at least one frame of past and room for the k-step future.
        const t = Math.floor(rand() * (T - k));
        try {
          let cost: TF.Scalar | null = null;
          try {
            cost = optimizer.minimize(() => loss(x, t), true);
          } catch (error) {
            explainMissingKernel(error);
          }
          if (step % 5 === 0 || step === spec.steps - 1) {
            const value = cost ? Number((await cost.data())[0]) : NaN;
            losses.push(finite(value));
            if (Number.isFinite(value)) ctx.metric(`InfoNCE loss (${spec.kind})`, step, value);
          }
          cost?.dispose();
        } finally {
          x.dispose();
        }
      }
      // Held-out signals, latest possible "now": is the true future the best-scoring candidate?
      let right = 0;
      let total = 0;
      for (let start = 0; start + B <= held.length; start += B) {
        const hits = tf.tidy(() => {
          const { pred, target } = predictAndTarget(tf.tensor3d(held.slice(start, start + B)), T - k - 1);
          const scores = tf.matMul(pred, target, false, true);
          return scores.argMax(1).equal(tf.range(0, B, 1, 'int32')).sum();
        });
        right += Number((await hits.data())[0]);
        hits.dispose();
        total += B;
      }
      return { losses, right, total, batch: B };
    } finally {
      optimizer.dispose();
      tf.dispose(vars);
    }
  },
};

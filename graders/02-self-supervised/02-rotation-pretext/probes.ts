import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { rethrowMissingWasmKernel } from '@/lib/grading/wasm-kernels';
import { gaussian, mulberry32 } from '@/lib/datasets/prng';
import { makeGlyphs } from '@/lib/datasets/glyphs';
import { GLYPH_SIZE, GLYPH_STYLE } from './glyph-style';

// Probes run next to learner code (browser worker or jailed server child), so they only ever
// see inputs. Every expected value lives in the judges.

type Shape4 = [number, number, number, number];
type LearnerFn = (...args: unknown[]) => unknown;
type Case = Record<string, Json>;

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

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

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

async function read(t: TF.Tensor) {
  const { values, nonFinite } = finiteOrNull(await t.data());
  return { values, shape: [...t.shape], nonFinite, dtype: t.dtype };
}

/** rotateBatch must return { images, labels }; anything else is a contract violation. */
function batchParts(ctx: ProbeContext, out: unknown): { images: TF.Tensor; labels: TF.Tensor } {
  if (out instanceof Promise) throw new ProbeError('rotateBatch returned a Promise. Make it a plain function.');
  const o = out as { images?: unknown; labels?: unknown } | null;
  if (!o || typeof o !== 'object' || !(o.images instanceof ctx.tf.Tensor) || !(o.labels instanceof ctx.tf.Tensor)) {
    throw new ProbeError(
      `rotateBatch should return an object { images, labels } holding two tensors, but it returned ${describeValue(out)}` +
        (o && typeof o === 'object' ? ` with keys [${Object.keys(o).join(', ')}].` : '.'),
    );
  }
  return { images: o.images, labels: o.labels };
}

function scalarOf(ctx: ProbeContext, out: unknown): TF.Scalar {
  const t = asTensor(ctx, 'rotationLoss', out, 'tf.Scalar');
  if (t.rank !== 0) {
    throw new ProbeError(
      `rotationLoss should return a scalar (shape []), but returned shape [${t.shape.join(', ')}]. Average over the batch.`,
    );
  }
  return t as TF.Scalar;
}

function asCases(input: Json): Case[] {
  const cases = (input as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) throw new Error('Grader bug: probe input has no cases.');
  return cases as Case[];
}

/** A missing-kernel error is the platform's bug, not the learner's; anything else is rethrown as is. */
function explainMissingKernel(error: unknown): never {
  rethrowMissingWasmKernel(error);
  throw error;
}

const image4d = (ctx: ProbeContext, c: Case) => ctx.tf.tensor4d(c.x as number[], c.shape as Shape4);

/** A fixed two-layer perceptron, 256 -> hidden -> 4, seeded so that every learner starts alike. */
function makeModel(ctx: ProbeContext, seed: number, hidden: number) {
  const { tf } = ctx;
  const normal = gaussian(mulberry32(seed));
  const inputs = GLYPH_SIZE * GLYPH_SIZE;
  // tidy frees the initial values; variables survive it.
  const init = (rows: number, cols: number, gain: number) =>
    tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from({ length: rows * cols }, () => normal() * gain), [rows, cols])));
  const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
  const vars = [init(inputs, hidden, Math.sqrt(2 / inputs)), zeros(hidden), init(hidden, 4, Math.sqrt(1 / hidden)), zeros(4)];
  const [w1, b1, w2, b2] = vars as [TF.Variable, TF.Variable, TF.Variable, TF.Variable];
  const forward = (x: TF.Tensor) =>
    tf.tidy(() => tf.relu(x.reshape([-1, inputs]).matMul(w1).add(b1)).matMul(w2).add(b2) as TF.Tensor2D);
  return { vars, forward };
}

type TrainSpec = {
  poolSeed: number;
  poolSize: number;
  initSeed: number;
  steps: number;
  batch: number;
  hidden: number;
  learningRate: number;
  evalPixels: number[];
  evalCount: number;
};

export const probes: Probes = {
  rot90: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'rot90');
    const results = [];
    for (const c of asCases(input)) {
      const x = image4d(ctx, c);
      try {
        const before = ctx.tf.memory().numTensors;
        const started = now();
        // Chains `times` calls (default 1), feeding each result into the next one.
        let current: TF.Tensor = x;
        for (let t = 0; t < ((c.times as number | undefined) ?? 1); t++) {
          const out = asTensor(ctx, 'rot90', fn(current, c.k), 'tf.Tensor4D');
          if (current !== x && current !== out) current.dispose();
          current = out;
        }
        const ms = now() - started;
        const returnedInput = current === x;
        const leaked = ctx.tf.memory().numTensors - before - (returnedInput ? 0 : 1);
        const report = await read(current);
        if (!returnedInput) current.dispose();
        results.push({ ...report, leaked, ms, returnedInput });
      } finally {
        x.dispose();
      }
    }
    return { results };
  },

  rotateBatch: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'rotateBatch');
    const results = [];
    for (const c of asCases(input)) {
      const x = image4d(ctx, c);
      try {
        const before = ctx.tf.memory().numTensors;
        const { images, labels } = batchParts(ctx, fn(x));
        const owned = [images, labels].filter((t) => t !== x);
        const leaked = ctx.tf.memory().numTensors - before - owned.length;
        const report = { images: await read(images), labels: await read(labels), leaked, inputIntact: !x.isDisposed };
        ctx.tf.dispose(owned);
        results.push(report);
      } finally {
        x.dispose();
      }
    }
    return { results };
  },

  rotationLoss: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'rotationLoss');
    const results = [];
    for (const c of asCases(input)) {
      const logits = ctx.tf.tensor2d(c.logits as number[][]);
      const labels = ctx.tf.tensor1d(c.labels as number[], 'int32');
      try {
        const before = ctx.tf.memory().numTensors;
        const out = scalarOf(ctx, fn(logits, labels));
        const leaked = ctx.tf.memory().numTensors - before - 1;
        const loss = { ...(await read(out)), leaked };
        out.dispose();
        // The gradient with respect to the logits, after a plain forward pass has proven the call works.
        let grad: TF.Tensor;
        try {
          grad = ctx.tf.grad((l: TF.Tensor) => scalarOf(ctx, fn(l, labels)))(logits);
        } catch (error) {
          if (error instanceof Error && /Cannot compute gradient/i.test(error.message)) {
            throw new ProbeError(
              'No gradient flows from rotationLoss back to the logits. Build it from tf operations only ' +
                '(no dataSync() or plain numbers in the middle), or the network cannot learn from it.',
            );
          }
          explainMissingKernel(error);
        }
        results.push({ loss, grad: await read(grad) });
        grad.dispose();
      } finally {
        ctx.tf.dispose([logits, labels]);
      }
    }
    return { results };
  },

  /**
   * Trains a small perceptron to predict rotations of glyphs, with images and labels made by the
   * learner's rotateBatch and the learner's loss; then predicts held-out images that were rendered
   * at known turns (the judge holds those labels).
   */
  train: async (learner, input, ctx) => {
    const { tf } = ctx;
    const spec = input as unknown as TrainSpec;
    const rotate = learnerFunction(learner, 'rotateBatch');
    const lossFn = learnerFunction(learner, 'rotationLoss');
    const side = GLYPH_SIZE;
    const glyphs = makeGlyphs({ ...GLYPH_STYLE, n: spec.poolSize, seed: spec.poolSeed });
    const pool = tf.tensor4d(glyphs.images, [spec.poolSize, side, side, 1]);
    const model = makeModel(ctx, spec.initSeed, spec.hidden);
    const optimizer = tf.train.adam(spec.learningRate);
    const started = now();
    try {
      const losses: (number | null)[] = [];
      for (let step = 0; step < spec.steps; step++) {
        const start = (step * spec.batch) % (spec.poolSize - spec.batch + 1);
        const x = pool.slice([start, 0, 0, 0], [spec.batch, side, side, 1]) as TF.Tensor4D;
        let parts: { images: TF.Tensor; labels: TF.Tensor } | null = null;
        try {
          parts = batchParts(ctx, rotate(x));
          const { images, labels } = parts;
          if (images.shape.join() !== [4 * spec.batch, side, side, 1].join() || labels.size !== 4 * spec.batch) {
            throw new ProbeError(
              `For ${spec.batch} images of ${side}x${side}x1, rotateBatch should return images of shape ` +
                `[${4 * spec.batch}, ${side}, ${side}, 1] and ${4 * spec.batch} labels, but returned ` +
                `[${images.shape.join(', ')}] and ${labels.size}.`,
            );
          }
          if (step === 0) {
            // A plain call before the first gradient: errors thrown on the gradient tape leak tensors.
            tf.tidy(() => {
              scalarOf(ctx, lossFn(model.forward(images), labels));
            });
          }
          let cost: TF.Scalar | null = null;
          try {
            cost = optimizer.minimize(() => scalarOf(ctx, lossFn(model.forward(images), labels)), true, model.vars as TF.Variable[]);
          } catch (error) {
            explainMissingKernel(error);
          }
          const value = cost ? (await cost.data())[0]! : NaN;
          cost?.dispose();
          if (!Number.isFinite(value)) {
            losses.push(null);
            break;
          }
          losses.push(value);
          ctx.metric('rotation loss (training batch)', step, value);
          if (step % 5 === 0 || step === spec.steps - 1) {
            const acc = tf.tidy(() => model.forward(images).argMax(1).equal(labels.toInt()).mean().dataSync()[0]!);
            ctx.metric('accuracy on your training batch', step, acc);
          }
        } finally {
          tf.dispose([x, ...(parts ? [parts.images, parts.labels] : [])]);
        }
      }
      const evalX = tf.tensor4d(Float32Array.from(spec.evalPixels, (v) => v / 255), [spec.evalCount, side, side, 1]);
      const predTensor = tf.tidy(() => model.forward(evalX).argMax(1));
      const predictions = Array.from(await predTensor.data(), Number);
      tf.dispose([evalX, predTensor]);
      return { losses, predictions, ms: now() - started };
    } finally {
      optimizer.dispose();
      tf.dispose([pool, ...model.vars]);
    }
  },
};

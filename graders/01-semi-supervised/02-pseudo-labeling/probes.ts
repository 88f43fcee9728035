import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { makeFrozen, makeRbfNet, makeSwitching, type OwnedClassifier } from './model';

// Probes run next to learner code (browser worker or jailed server child), so they only ever see
// inputs. Expected values and every label the learner must not see (test labels, the true labels
// of unlabeled training points) live in the judges.

type Matrix = number[][];
type LearnerFn = (...args: unknown[]) => unknown;
type Opts = {
  classes: number;
  steps: number;
  learningRate: number;
  threshold: number;
  T1: number;
  T2: number;
  alphaF: number;
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

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function cases(input: Json): Array<Record<string, Json>> {
  const list = (input as { cases?: unknown }).cases;
  if (!Array.isArray(list)) throw new Error('Grader bug: probe input has no cases.');
  return list as Array<Record<string, Json>>;
}

/** Arrays and typed arrays of numbers are both fine; anything else breaks the contract. */
function numberList(value: unknown, what: string): number[] {
  const ok = Array.isArray(value) || ArrayBuffer.isView(value);
  const list = ok ? Array.from(value as ArrayLike<unknown>) : [];
  if (!ok || list.some((v) => typeof v !== 'number')) {
    throw new ProbeError(`${what} should be an array of numbers, but it is ${describeValue(value)}.`);
  }
  return list as number[];
}

async function readScalar(ctx: ProbeContext, out: unknown, name: string) {
  if (out instanceof Promise) throw new ProbeError(`${name} returned a Promise. Make it a plain (not async) function.`);
  if (!(out instanceof ctx.tf.Tensor)) {
    throw new ProbeError(`${name} should return a tf.Scalar, but it returned ${describeValue(out)}.`);
  }
  const values = Array.from(await out.data(), Number);
  return { value: values.length === 1 ? finite(values[0]!) : null, shape: [...out.shape] };
}

/** Runs the learner's selfTrain on a model we own; streams its curve when `series` is given. */
async function runSelfTrain(
  learner: LearnerModule,
  ctx: ProbeContext,
  model: OwnedClassifier,
  Xrows: Matrix,
  y: number[],
  opts: Opts,
  series: string | null,
  afterStep?: (step: number) => void,
) {
  const { tf } = ctx;
  const selfTrain = learnerFunction(learner, 'selfTrain');
  const X = tf.tensor2d(Xrows);
  const steps: Array<{ step: number; loss: number | null; weight: number | null; numPseudo: number }> = [];
  const onStep = (info: unknown) => {
    const { step, loss, weight, numPseudo } = (info ?? {}) as Record<string, unknown>;
    if (typeof step !== 'number' || typeof loss !== 'number' || typeof numPseudo !== 'number') {
      throw new ProbeError('Call onStep({ step, loss, weight, numPseudo }) with numbers after every training step.');
    }
    if (steps.length >= 5000) throw new ProbeError('onStep was called far more often than opts.steps.');
    steps.push({ step, loss: finite(loss), weight: typeof weight === 'number' ? finite(weight) : null, numPseudo });
    if (series) {
      ctx.metric(`${series} loss`, step, loss);
      ctx.metric(`${series} pseudo-labels`, step, numPseudo);
    }
    afterStep?.(steps.length - 1);
  };
  const before = tf.memory().numTensors;
  try {
    const out = selfTrain(model, X, [...y], { ...opts }, onStep);
    if (!(out instanceof Promise)) throw new ProbeError('selfTrain should be an async function (return a Promise).');
    const labels = numberList(await out, 'The value selfTrain resolves to');
    const inputDisposed = X.isDisposed;
    const leaked = tf.memory().numTensors - before;
    return { steps, labels, leaked, inputDisposed };
  } finally {
    X.dispose();
  }
}

export const probes: Probes = {
  selectPseudoLabels: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'selectPseudoLabels');
    const results = [];
    for (const c of cases(input)) {
      const probs = ctx.tf.tensor2d(c.probs as Matrix);
      try {
        const before = ctx.tf.memory().numTensors;
        let out = fn(probs, c.threshold);
        // An async version is accepted: the loop awaits anyway.
        if (out instanceof Promise) out = await out;
        if (typeof out !== 'object' || out === null || !('idx' in out) || !('labels' in out)) {
          throw new ProbeError(`selectPseudoLabels should return { idx, labels }, but it returned ${describeValue(out)}.`);
        }
        const { idx, labels } = out as { idx: unknown; labels: unknown };
        results.push({
          idx: numberList(idx, 'idx'),
          labels: numberList(labels, 'labels'),
          leaked: ctx.tf.memory().numTensors - before,
          inputDisposed: probs.isDisposed,
        });
      } finally {
        probs.dispose();
      }
    }
    return { results };
  },

  rampUp: (learner, input) => {
    const fn = learnerFunction(learner, 'rampUp');
    const values = cases(input).map((c) => {
      const out = fn(c.t, c.T1, c.T2, c.alphaF);
      if (typeof out !== 'number') throw new ProbeError(`rampUp should return a number, but it returned ${describeValue(out)}.`);
      return finite(out);
    });
    return { values };
  },

  pseudoLabelLoss: async (learner, input, ctx) => {
    const { tf } = ctx;
    const fn = learnerFunction(learner, 'pseudoLabelLoss');
    const results = [];
    for (const c of cases(input)) {
      const inputs: TF.Tensor[] = [
        tf.tensor2d(c.logitsL as Matrix),
        tf.tensor2d(c.yL as Matrix),
        tf.tensor2d(c.logitsU as Matrix),
        tf.tensor2d(c.targetsU as Matrix),
        tf.tensor1d(c.maskU as number[]),
      ];
      try {
        const before = tf.memory().numTensors;
        const out = fn(...inputs, c.weight);
        const report = await readScalar(ctx, out, 'pseudoLabelLoss');
        const mine = inputs.includes(out as TF.Tensor);
        if (!mine) (out as TF.Tensor).dispose();
        const leaked = tf.memory().numTensors - before;
        results.push({ ...report, leaked, inputsDisposed: inputs.some((t) => t.isDisposed) });
      } finally {
        tf.dispose(inputs);
      }
    }
    return { results };
  },

  /** d loss / d logits, for the judge to compare with softmax - target (scaled). */
  lossGradient: async (learner, input, ctx) => {
    const { tf } = ctx;
    const fn = learnerFunction(learner, 'pseudoLabelLoss');
    const c = cases(input)[0]!;
    const fixed: TF.Tensor[] = [tf.tensor2d(c.yL as Matrix), tf.tensor2d(c.targetsU as Matrix), tf.tensor1d(c.maskU as number[])];
    const zL = tf.tensor2d(c.logitsL as Matrix);
    const zU = tf.tensor2d(c.logitsU as Matrix);
    try {
      const [yL, tU, mU] = fixed;
      // A plain call first, so an error in the learner's code is reported as theirs.
      const plain = fn(zL, yL, zU, tU, mU, c.weight);
      await readScalar(ctx, plain, 'pseudoLabelLoss');
      if (!fixed.includes(plain as TF.Tensor) && plain !== zL && plain !== zU) (plain as TF.Tensor).dispose();
      let grads: TF.Tensor[];
      try {
        grads = tf.grads((a: TF.Tensor, b: TF.Tensor) => fn(a, yL, b, tU, mU, c.weight) as TF.Tensor)([zL, zU]);
      } catch {
        throw new ProbeError(
          'No gradient reaches the logits from your loss. Build it from tensor operations on logitsL and ' +
            'logitsU (no dataSync(), no tf.scalar(number)), so the optimizer can train through it.',
        );
      }
      const [gL, gU] = await Promise.all(grads.map((g) => g.data()));
      tf.dispose(grads);
      return { gradL: Array.from(gL!, finite), gradU: Array.from(gU!, finite) };
    } finally {
      tf.dispose([...fixed, zL, zU]);
    }
  },

  /**
   * selfTrain with a model that cannot learn (its logits are the inputs), so the judge knows the
   * loss of every step in advance and which points must get which pseudo-label.
   */
  frozenLoop: async (learner, input, ctx) => {
    const spec = input as { X: Matrix; y: number[]; opts: Opts };
    const model = makeFrozen(ctx.tf);
    try {
      return await runSelfTrain(learner, ctx, model, spec.X, spec.y, spec.opts, null);
    } finally {
      model.dispose();
    }
  },

  /**
   * Like frozenLoop, but the model changes its mind: after the onStep call of step switchAt - 1,
   * its logits jump from the first `classes` columns of X to the last `classes` columns. Pseudo-labels
   * recomputed at every step follow the switch; labels chosen once and kept do not.
   */
  switchLoop: async (learner, input, ctx) => {
    const spec = input as { X: Matrix; y: number[]; opts: Opts; switchAt: number };
    const model = makeSwitching(ctx.tf, spec.opts.classes);
    try {
      const afterStep = (count: number) => {
        if (count === spec.switchAt - 1) model.switchPhase();
      };
      return await runSelfTrain(learner, ctx, model, spec.X, spec.y, spec.opts, null, afterStep);
    } finally {
      model.dispose();
    }
  },

  /**
   * selfTrain with an RBF network that does learn, reporting the loss of every step, so the judge can
   * compare the whole optimisation path with the reference's.
   */
  learnLoop: async (learner, input, ctx) => {
    const spec = input as { X: Matrix; y: number[]; gamma: number; opts: Opts };
    const model = makeRbfNet(ctx.tf, spec.X, spec.gamma, spec.opts.classes);
    try {
      return await runSelfTrain(learner, ctx, model, spec.X, spec.y, spec.opts, null);
    } finally {
      model.dispose();
    }
  },

  /**
   * selfTrain on a moons split with an RBF network, then predictions on test points whose labels
   * stay in the judge. `variants` repeats the run from the same initial weights with other options
   * (the labeled-only baseline, or weight 0), each reported as its own prediction list.
   */
  moons: async (learner, input, ctx) => {
    const { tf } = ctx;
    const spec = input as {
      X: Matrix;
      y: number[];
      Xtest: Matrix;
      gamma: number;
      opts: Opts;
      variants: Array<Partial<Opts>>;
      stream: boolean;
    };
    const runs = [];
    for (const [k, variant] of [{}, ...spec.variants].entries()) {
      const model = makeRbfNet(tf, spec.X, spec.gamma, spec.opts.classes);
      try {
        const series = spec.stream && k === 0 ? 'self-training' : null;
        const run = await runSelfTrain(learner, ctx, model, spec.X, spec.y, { ...spec.opts, ...variant }, series);
        const pred = tf.tidy(() => {
          const Xt = tf.tensor2d(spec.Xtest);
          return Array.from(model.predict(Xt).argMax(1).dataSync());
        });
        if (k === 0 && spec.stream) {
          const points = spec.Xtest.map(([x, yv], i) => ({ x: x ?? 0, y: yv ?? 0, label: pred[i] ?? -1 }));
          ctx.scatter('Test points coloured by your self-trained model', points);
        }
        const lastLoss = run.steps.at(-1)?.loss ?? null;
        const { labels, leaked, inputDisposed } = run;
        runs.push({ pred, labels, leaked, inputDisposed, stepCount: run.steps.length, lastLoss });
      } finally {
        model.dispose();
      }
    }
    return { runs };
  },
};

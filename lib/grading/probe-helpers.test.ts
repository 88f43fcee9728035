import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { gradientMatches } from './matchers';
import {
  finiteDifferenceGrad,
  gradCheck,
  GradCheckReportSchema,
  jsonNumbers,
  measureLeak,
  requireFunction,
  requireTensor,
  tensorReport,
  TensorReportSchema,
} from './probe-helpers';
import { describeError, isProbeError } from './probe-runner';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Σ x², computed by tfjs in float32 and disposed, like a learner's loss. */
const sumOfSquares = (p: number[]): number => tf.tidy(() => tf.tensor1d(p).square().sum().dataSync()[0]!);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

test('requireFunction returns the export and otherwise throws a ProbeError shown to the learner as is', () => {
  const learner = { buildAffinity: () => 1, gamma: 3 };
  expect(requireFunction(learner, 'buildAffinity')).toBe(learner.buildAffinity);
  const missing = thrown(() => requireFunction(learner, 'normalizeSym'));
  expect(isProbeError(missing)).toBe(true);
  expect(describeError(missing)).toBe('Export a function named normalizeSym (found nothing under that name).');
  expect((thrown(() => requireFunction(learner, 'gamma')) as Error).message).toContain('found a number');
});

test('requireTensor explains a missing return and an accidental async function', () => {
  const t = tf.scalar(1);
  expect(requireTensor(tf, t, 'f')).toBe(t);
  t.dispose();
  expect((thrown(() => requireTensor(tf, undefined, 'f')) as Error).message).toBe(
    'f should return a tf.Tensor, but it returned undefined (did you forget a return?).',
  );
  const promise = Promise.resolve(1);
  expect((thrown(() => requireTensor(tf, promise, 'f')) as Error).message).toContain('returned a Promise');
  expect((thrown(() => requireTensor(tf, [1], 'f', 'tf.Tensor2D')) as Error).message).toContain('a tf.Tensor2D, but it returned a plain array');
});

test('tensorReport keeps the shape and turns NaN and Infinity into null with a count', async () => {
  const t = tf.tensor2d([[1, NaN], [Infinity, -2]]);
  const report = await tensorReport(t);
  t.dispose();
  expect(report).toEqual({ shape: [2, 2], values: [1, null, null, -2], nonFiniteCount: 2 });
  expect(TensorReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
});

test('jsonNumbers leaves finite values alone', () => {
  expect(jsonNumbers(new Float32Array([0.5, -3]))).toEqual({ values: [0.5, -3], nonFiniteCount: 0 });
});

test('measureLeak finds tensors left behind and does not count the returned one', async () => {
  const before = tf.memory().numTensors;
  const leaky = (x: tf.Tensor) => x.square().add(1).mul(2);
  const x = tf.tensor1d([1, 2, 3]);
  const { result, leaked } = await measureLeak(tf, () => leaky(x), [x]);
  expect(leaked).toBe(2);
  const tidy = await measureLeak(tf, () => tf.tidy(() => leaky(x)), [x]);
  expect(tidy.leaked).toBe(0);
  tf.dispose([x, result, tidy.result]);
  // The two intermediates of the leaky call are unreachable now: the count was real.
  expect(tf.memory().numTensors - before).toBe(2);
});

test('measureLeak does not subtract a returned input and counts arrays and objects of results', async () => {
  const x = tf.tensor1d([1, 2]);
  expect((await measureLeak(tf, () => x, [x])).leaked).toBe(0);
  const pair = await measureLeak(tf, () => tf.tidy(() => ({ a: x.add(1), b: [x.mul(2)] })), [x]);
  expect(pair.leaked).toBe(0);
  tf.dispose([x, pair.result.a, ...pair.result.b]);
});

test('measureLeak counts leaks of async functions after awaiting them', async () => {
  const { result, leaked } = await measureLeak(tf, async () => {
    const w = tf.variable(tf.zeros([2]));
    await tf.nextFrame();
    return w.add(1);
  });
  expect(leaked).toBe(2);
  result.dispose();
});

test('measureLeak reports a negative count when the function disposes its input', async () => {
  const x = tf.tensor1d([1]);
  const { result, leaked } = await measureLeak(tf, () => tf.tidy(() => {
    const y = x.mul(2);
    x.dispose();
    return y;
  }), [x]);
  expect(leaked).toBe(-1);
  result.dispose();
});

test('finiteDifferenceGrad of x -> Σx² equals 2x (float64 f)', () => {
  const p = new Float64Array([0.5, -1.25, 3]);
  const grad = finiteDifferenceGrad((q) => q.reduce((s, v) => s + v * v, 0), p);
  grad.forEach((g, i) => expect(g).toBeCloseTo(2 * p[i]!, 8));
});

test('finiteDifferenceGrad through float32 tfjs maths is within 1e-2 of 2x', () => {
  const p = [0.5, -1.25, 3];
  const grad = finiteDifferenceGrad(sumOfSquares, p);
  grad.forEach((g, i) => expect(Math.abs(g - 2 * p[i]!)).toBeLessThan(1e-2 * Math.max(1, Math.abs(2 * p[i]!))));
});

test('finiteDifferenceGrad never mutates the caller\'s parameters', () => {
  const p = [1, 2];
  finiteDifferenceGrad((q) => {
    q[0] = 99;
    return q[1]!;
  }, p);
  expect(p).toEqual([1, 2]);
});

test('gradCheck accepts tf.grad of Σx² and catches a gradient missing its factor 2', () => {
  const p = [0.3, -0.7, 1.1, 2];
  const analytic = tf.tidy(() => tf.grad((x: tf.Tensor) => x.square().sum())(tf.tensor1d(p)).dataSync());
  const good = gradCheck(sumOfSquares, analytic, p);
  expect(good.relError).toBeLessThan(1e-3);
  expect(gradientMatches(good.analytic, good.numeric).pass).toBe(true);

  const wrong = gradCheck(sumOfSquares, p, p);
  expect(wrong.relError).toBeCloseTo(1 / 3, 2);
  expect(gradientMatches(wrong.analytic, wrong.numeric).pass).toBe(false);
  expect(GradCheckReportSchema.parse(JSON.parse(JSON.stringify(wrong)))).toEqual(wrong);
});

test('gradCheck reports a NaN analytic gradient as null rather than losing it in JSON', () => {
  const report = gradCheck(sumOfSquares, [NaN, 0], [1, 0]);
  expect(report.analytic).toEqual([null, 0]);
  expect(report.relError).toBeNull();
  expect(gradientMatches(report.analytic, report.numeric).pass).toBe(false);
});

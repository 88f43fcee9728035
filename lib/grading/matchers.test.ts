import { expect, test } from 'vitest';
import {
  allFinite,
  closeTo,
  firstFailure,
  fmt,
  gradientMatches,
  noTensorLeak,
  probabilities,
  relativeError,
  shapeIs,
  shapeOf,
  unflatten,
  withinTolerance,
} from './matchers';

test('withinTolerance uses abs + rel * |expected| and never accepts NaN', () => {
  expect(withinTolerance(1.0005, 1, { abs: 0, rel: 1e-3 })).toBe(true);
  expect(withinTolerance(1.002, 1, { abs: 0, rel: 1e-3 })).toBe(false);
  expect(withinTolerance(5e-5, 0)).toBe(true);
  expect(withinTolerance(NaN, 1)).toBe(false);
  expect(withinTolerance(1, NaN)).toBe(false);
});

test('closeTo passes scalars, arrays and matrices within the default float32 tolerance', () => {
  expect(closeTo(0.3000001, 0.3).pass).toBe(true);
  expect(closeTo([1, 2, 3.00001], [1, 2, 3]).pass).toBe(true);
  expect(closeTo([[1, 0], [0, 1]], [[1, 0], [0, 1.00005]]).pass).toBe(true);
});

test('closeTo names the first offending entry of a matrix, with both values and the hint', () => {
  const verdict = closeTo([[1, 2], [3, 4.5]], [[1, 2], [3, 4]], { name: 'normalizeSym', hint: 'Scale both sides.' });
  expect(verdict).toEqual({ pass: false, message: 'normalizeSym: entry [1][1] is 4.5 but should be 4. Scale both sides.' });
});

test('closeTo reports a wrong scalar and an index into a vector', () => {
  expect(closeTo(2, 1, { name: 'The loss' }).message).toBe('The loss is 2 but should be 1.');
  expect(closeTo([0, 7, 9], [0, 1, 2]).message).toBe('Your result: entry [1] is 7 but should be 1.');
});

test('closeTo reports a shape mismatch before looking at values', () => {
  expect(closeTo([[1, 2, 3]], [[1, 2], [3, 4]]).message).toBe('Your result has shape [1, 3], expected [2, 2].');
  expect(closeTo(1, [1]).pass).toBe(false);
});

test('closeTo catches ragged rows that the shape of the first row hides', () => {
  expect(closeTo([[1, 2], [3]], [[1, 2], [3, 4]]).message).toBe('Your result: entry [1] has 1 values, expected 2.');
});

test('closeTo treats null (a reported NaN or Infinity) as wrong and says so', () => {
  expect(closeTo([1, null], [1, 2]).message).toBe('Your result: entry [1] is NaN or Infinity but should be 2.');
  expect(closeTo([NaN], [2]).message).toBe('Your result: entry [0] is NaN but should be 2.');
});

test('closeTo honours custom abs and rel tolerances', () => {
  expect(closeTo([1.01], [1], { abs: 0, rel: 0.02 }).pass).toBe(true);
  expect(closeTo([1.01], [1], { abs: 1e-6, rel: 0 }).pass).toBe(false);
});

test('unflatten turns a probe report into rows that closeTo can index', () => {
  expect(unflatten([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([[1, 2, 3], [4, 5, 6]]);
  expect(unflatten([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  expect(shapeOf(unflatten([0, 0, 0, 0], [4, 1]))).toEqual([4, 1]);
});

test('shapeIs accepts any size where the expected shape says null', () => {
  expect(shapeIs([32, 10], [null, 10]).pass).toBe(true);
  expect(shapeIs([32, 9], [null, 10], { name: 'logits' }).message).toBe('logits returned shape [32, 9], expected [any, 10].');
  expect(shapeIs([3, 3, 1], [3, 3]).pass).toBe(false);
});

test('allFinite counts NaN, Infinity and null and points at the first one', () => {
  expect(allFinite([[1, 2], [3, 4]]).pass).toBe(true);
  const verdict = allFinite([[1, NaN], [null, Infinity]], { name: 'normalizeSym' });
  expect(verdict.pass).toBe(false);
  expect(verdict.message).toMatch(/^normalizeSym returned 3 NaN or Infinity value\(s\) \(the first at \[0\]\[1\]\)\./);
});

test('probabilities accepts softmax rows and a single distribution', () => {
  expect(probabilities([[0.2, 0.8], [0.5, 0.5]]).pass).toBe(true);
  expect(probabilities([0.1, 0.2, 0.7]).pass).toBe(true);
});

test('probabilities flags a row that does not sum to 1, naming the row', () => {
  const verdict = probabilities([[0.2, 0.8], [0.6, 0.6]]);
  expect(verdict.pass).toBe(false);
  expect(verdict.message).toContain('row 1 sums to 1.2');
});

test('probabilities checks columns when asked (softmax over the wrong axis passes rows but not columns)', () => {
  const columnsSumToOne = [[0.5, 0.1], [0.5, 0.9]];
  expect(probabilities(columnsSumToOne, { axis: 0 }).pass).toBe(true);
  expect(probabilities(columnsSumToOne).message).toContain('row 0 sums to 0.6');
});

test('probabilities rejects entries outside [0, 1] and NaN even when sums are right', () => {
  expect(probabilities([[1.5, -0.5]]).message).toContain('entry [0][0] is 1.5');
  expect(probabilities([[null, 1]]).message).toContain('entry [0][0] is NaN or Infinity');
});

test('noTensorLeak passes zero, fails a disposed input and tells the learner about tf.tidy for leaks', () => {
  expect(noTensorLeak(0).pass).toBe(true);
  expect(noTensorLeak(-1).pass).toBe(false);
  expect(noTensorLeak(-1).message).toMatch(/Never dispose tensors you were given/);
  expect(noTensorLeak(4, { name: 'labelSpreading', when: 'after 25 iterations' }).message).toBe(
    'labelSpreading left 4 tensor(s) behind after 25 iterations. Wrap the body in tf.tidy(() => { ... }) ' +
      'and return the result from inside it.',
  );
  expect(noTensorLeak(2, { hint: 'Dispose the optimizer.' }).message).toBe('Your function left 2 tensor(s) behind. Dispose the optimizer.');
});

test('relativeError is 0 for equal vectors, 1 for opposite ones and scale-free', () => {
  expect(relativeError([1, 2], [1, 2])).toBe(0);
  expect(relativeError([1, 2], [-1, -2])).toBeCloseTo(1, 12);
  expect(relativeError([1e-8, 2e-8], [1.1e-8, 2e-8])).toBeCloseTo(relativeError([1, 2], [1.1, 2]), 10);
  expect(relativeError([0, 0], [0, 0])).toBe(0);
  expect(relativeError([1], [1, 2])).toBe(Infinity);
});

test('gradientMatches accepts float32 noise and names the worst entry when the gradient is wrong', () => {
  expect(gradientMatches([2, 4, 6], [2.0001, 3.9999, 6]).pass).toBe(true);
  const verdict = gradientMatches([2, 4, 3], [2, 4, 6], { name: 'Your meta-gradient' });
  expect(verdict.pass).toBe(false);
  expect(verdict.message).toContain('largest gap is at entry 2: yours 3, numerical 6');
});

test('gradientMatches passes gradients that are both ~0, and fails NaN or a wrong length', () => {
  expect(gradientMatches([1e-9, 0], [0, -1e-9]).pass).toBe(true);
  expect(gradientMatches([null, 1], [1, 1]).message).toContain('entry 0');
  expect(gradientMatches([1], [1, 2]).message).toContain('has 1 entries, but there are 2 parameters');
});

test('firstFailure returns the first failing check and skips lazy checks after it', () => {
  let evaluated = false;
  const verdict = firstFailure(
    [null, shapeIs([2], [2]), () => closeTo(1, 2), () => ((evaluated = true), null)],
    'All good.',
  );
  expect(verdict.message).toBe('Your result is 1 but should be 2.');
  expect(evaluated).toBe(false);
  expect(firstFailure([null, () => null], 'All good.')).toEqual({ pass: true, message: 'All good.' });
});

test('fmt prints six significant digits', () => {
  expect(fmt(0.60653065971)).toBe('0.606531');
  expect(fmt(1e-12)).toBe('1e-12');
  expect(fmt(NaN)).toBe('NaN');
});

import { expect, test } from 'vitest';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import {
  affinityMatrix,
  initialLabels,
  predictions,
  runLabelSpreading,
  spreadingIterates,
  symmetricNormalize,
  unlabeledAccuracy,
} from './label-spreading-sim';

// The four-point "staircase" of the lesson's worked example; gamma = ln 2 makes W_ij = 2^(-d^2).
const STAIRS = [
  [0, 0],
  [1, 0],
  [1, 1],
  [2, 1],
];
const STAIRS_Y = [0, 0, 1, 1];

test('affinity has a zero diagonal and the lesson worked-example weights', () => {
  const w = affinityMatrix(STAIRS, Math.LN2);
  for (let i = 0; i < 4; i++) expect(w[i * 4 + i]).toBe(0);
  expect(w[0 * 4 + 1]).toBeCloseTo(0.5, 12);
  expect(w[0 * 4 + 2]).toBeCloseTo(0.25, 12);
  expect(w[0 * 4 + 3]).toBeCloseTo(1 / 32, 12);
});

test('S is symmetric with entries matching the worked example', () => {
  const s = symmetricNormalize(affinityMatrix(STAIRS, Math.LN2), 4);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(s[i * 4 + j]).toBeCloseTo(s[j * 4 + i]!, 14);
  expect(s[0 * 4 + 1]).toBeCloseTo((4 * Math.sqrt(10)) / 25, 12); // 0.50596
  expect(s[0 * 4 + 3]).toBeCloseTo(0.04, 12);
  expect(s[1 * 4 + 2]).toBeCloseTo(0.4, 12);
});

test('worked example: one step and the fixed point for alpha = 0.5', () => {
  const s = symmetricNormalize(affinityMatrix(STAIRS, Math.LN2), 4);
  const y = initialLabels(4, 2, [0, 3], STAIRS_Y);
  const it = spreadingIterates(s, y, 4, 2, 0.5, 200);
  const f1 = it[1]!;
  expect(f1[0]).toBeCloseTo(0.5, 6);
  expect(f1[1]).toBeCloseTo(0.02, 6);
  expect(f1[2]).toBeCloseTo(0.25298, 5);
  expect(f1[3]).toBeCloseTo(0.12649, 5);
  const fStar = it[200]!;
  const expected = [0.56084, 0.06416, 0.17441, 0.12205, 0.12205, 0.17441, 0.06416, 0.56084];
  expected.forEach((v, k) => expect(fStar[k]).toBeCloseTo(v, 4));
  expect(Array.from(predictions(fStar, 4, 2))).toEqual([0, 0, 1, 1]);
});

test('an isolated node gives a zero row in S, not NaN', () => {
  const s = symmetricNormalize(affinityMatrix([[0, 0], [0.1, 0], [1000, 1000]], 10), 3);
  expect(Array.from(s).every(Number.isFinite)).toBe(true);
  expect(s[2 * 3 + 0]).toBe(0);
});

test('iteration 0 returns Y and leaves every unlabeled point undecided', () => {
  const s = symmetricNormalize(affinityMatrix(STAIRS, Math.LN2), 4);
  const y = initialLabels(4, 2, [0, 3], STAIRS_Y);
  const f0 = spreadingIterates(s, y, 4, 2, 0.9, 3)[0]!;
  expect(Array.from(f0)).toEqual(Array.from(y));
  const pred = predictions(f0, 4, 2);
  expect(Array.from(pred)).toEqual([0, -1, -1, 1]);
  expect(unlabeledAccuracy(pred, STAIRS_Y, [0, 3])).toBe(0);
});

test('on the figure data (moons, 3 labels per class) accuracy becomes high', () => {
  const { x, y } = makeMoons(200, 0.08, 7);
  for (const seed of [1, 2, 3, 4, 5]) {
    const labeled = pickLabeled(y, 3, seed);
    const run = runLabelSpreading({ points: x, y, labeled, numClasses: 2, gamma: 20, alpha: 0.99, steps: 100 });
    expect(run.accuracy[0]).toBe(0);
    expect(run.accuracy[100]).toBeGreaterThanOrEqual(0.95);
  }
});

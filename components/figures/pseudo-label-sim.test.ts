import { expect, test } from 'vitest';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import { rampUp, rbfFeatures, runSelfTraining, type Point } from './pseudo-label-sim';

const BASE = { gamma: 60, steps: 150, learningRate: 0.02, T1: 20, T2: 80, alphaF: 3 };
// The figure's default data (seed 6) and labeled points (seed 1).
const DATA = makeMoons(150, 0.1, 6);
const POINTS = DATA.x as unknown as Point[];
const LABELED = pickLabeled(DATA.y, 3, 1);
const final = (threshold: number) => runSelfTraining(POINTS, DATA.y, LABELED, [], { ...BASE, threshold }).at(-1)!;

test('rampUp follows Lee (2013): 0, 0, 0, 1.5, 3, 3', () => {
  expect([0, 99, 100, 350, 600, 1000].map((t) => rampUp(t, 100, 600, 3))).toEqual([0, 0, 0, 1.5, 3, 3]);
});

test('RBF features are 1 on the centre and fall off with squared distance', () => {
  const phi = rbfFeatures([[0, 0], [1, 0]], [[0, 0]], Math.LN2);
  expect(phi[0]).toBe(1);
  expect(phi[1]).toBeCloseTo(0.5, 12);
});

test('step 0 has nothing to go on: no weights, every probability 1/2', () => {
  const states = runSelfTraining(POINTS, DATA.y, LABELED, [[0, 0]], { ...BASE, threshold: 0.95 });
  expect(states).toHaveLength(151);
  expect(states[0]!.numPseudo).toBe(0);
  expect(states[0]!.weight).toBe(0);
  expect(states[0]!.confident[0]).toBe(0);
});

test('given labels are never replaced, at any step and threshold', () => {
  for (const threshold of [0.5, 0.95]) {
    for (const s of runSelfTraining(POINTS, DATA.y, LABELED, [], { ...BASE, threshold })) {
      for (const i of LABELED) expect(s.labels[i]).toBe(DATA.y[i]);
    }
  }
});

test('the figure story holds: 0.95 beats labeled-only, 0.5 locks in many wrong pseudo-labels', () => {
  const base = final(1.01);
  const strict = final(0.95);
  const loose = final(0.5);
  expect(base.numPseudo).toBe(0);
  expect(strict.accuracy).toBeGreaterThan(base.accuracy + 0.1);
  expect(strict.wrong).toBeLessThanOrEqual(2);
  expect(loose.wrong).toBeGreaterThan(20);
  expect(loose.accuracy).toBeLessThan(strict.accuracy - 0.1);
});

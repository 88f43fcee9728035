import { describe, expect, it } from 'vitest';
import { makeCoTrainingViews } from '@/lib/datasets/co-training-views';
import { pickLabeled } from '@/lib/datasets/moons';
import {
  boundarySegment,
  fitLogistic,
  mostConfident,
  predictP1,
  pseudoLabelAccuracy,
  runCoTraining,
} from './co-training-sim';

// The figure's own data: 120 training and 400 test examples, two labels per class.
const SPEC = { dims1: 2, dims2: 2, separation: 1.5, noiseSd: 3 };
const data = (dependence: number) => ({
  train: makeCoTrainingViews({ ...SPEC, dependence, n: 120 }, 21),
  test: makeCoTrainingViews({ ...SPEC, dependence, n: 400 }, 22),
});
const OPTIONS = { p: 1, n: 1, poolSize: 12, rounds: 15 };

describe('co-training simulation', () => {
  it('fits a logistic regression that puts symmetric classes on the right sides', () => {
    const w = fitLogistic([[-2], [-1], [1], [2]], [0, 0, 1, 1]);
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeCloseTo(0, 8);
    expect(predictP1(w, [3])).toBeGreaterThan(0.5);
    expect(predictP1(w, [0])).toBeCloseTo(0.5, 8);
  });

  it('picks the p highest and then the n lowest scores', () => {
    const scores = [0.5, 0.9, 0.2, 0.6, 0.05, 0.7];
    const picks = mostConfident([1, 2, 3, 4, 5], (i) => scores[i]!, 2, 1);
    expect(picks).toEqual([
      { index: 1, label: 1 },
      { index: 5, label: 1 },
      { index: 4, label: 0 },
    ]);
  });

  it('adds 2(p + n) labels a round, keeps the given ones, a full pool, and h2 picks after h1', () => {
    const { train, test } = data(0);
    const given = pickLabeled(train.y, 2, 9);
    const run = runCoTraining(train, test, given, { ...OPTIONS, seed: 9 });
    expect(run.rounds).toHaveLength(OPTIONS.rounds + 1);
    run.rounds.forEach((snap, r) => {
      const labeled = [...snap.labels].filter((l) => l !== -1).length;
      expect(labeled).toBe(given.length + 4 * r);
      for (const i of given) expect(snap.labels[i]).toBe(train.y[i]);
      if (r === OPTIONS.rounds) {
        expect(snap.picks1).toEqual([]);
        return;
      }
      expect(snap.pool).toHaveLength(OPTIONS.poolSize);
      const picked = [...snap.picks1, ...snap.picks2].map((q) => q.index);
      expect(new Set(picked).size).toBe(4);
      for (const i of picked) {
        expect(snap.pool).toContain(i);
        expect(snap.labels[i]).toBe(-1);
      }
      const next = run.rounds[r + 1]!;
      for (const q of [...snap.picks1, ...snap.picks2]) expect(next.labels[q.index]).toBe(q.label);
    });
  });

  it('is deterministic for a seed', () => {
    const { train, test } = data(0);
    const given = pickLabeled(train.y, 2, 4);
    const a = runCoTraining(train, test, given, { ...OPTIONS, seed: 4 });
    const b = runCoTraining(train, test, given, { ...OPTIONS, seed: 4 });
    expect(a).toEqual(b);
  });

  it('helps a lot with independent views and much less with dependent ones (the lesson claim)', () => {
    const final = (dependence: number, seed: number) => {
      const { train, test } = data(dependence);
      const given = pickLabeled(train.y, 2, seed);
      const run = runCoTraining(train, test, given, { ...OPTIONS, seed });
      return { start: run.rounds[0]!.testAccuracy, end: run.rounds.at(-1)!.testAccuracy, run, train, given };
    };
    // The figure's first label seed: both start near 80 %.
    const ind = final(0, 9);
    const dep = final(1, 9);
    expect(ind.start).toBeCloseTo(0.8, 1);
    expect(ind.end).toBeGreaterThan(0.95);
    expect(dep.end).toBeLessThan(ind.end - 0.1);
    const pl = pseudoLabelAccuracy(ind.run.rounds.at(-1)!.labels, ind.train.y, ind.given);
    expect(pl.total).toBe(60);
    expect(pl.right).toBeGreaterThanOrEqual(57);
    // Averaged over 20 labelings: about 84 % -> 97 % (independent) and 82 % -> 85 % (dependent).
    let gainInd = 0;
    let gainDep = 0;
    for (let s = 1; s <= 20; s++) {
      const a = final(0, s);
      const b = final(1, s);
      gainInd += (a.end - a.start) / 20;
      gainDep += (b.end - b.start) / 20;
    }
    expect(gainInd).toBeGreaterThan(0.1);
    expect(gainDep).toBeLessThan(0.05);
  });

  it('clips a decision line to the panel box', () => {
    // x = 1 (w = [1, 0], bias -1) in the box [0, 2] x [0, 3].
    const seg = boundarySegment([1, 0, -1], { x0: 0, x1: 2, y0: 0, y1: 3 });
    expect(seg).toEqual({ from: [1, 0], to: [1, 3] });
    expect(boundarySegment([1, 0, -5], { x0: 0, x1: 2, y0: 0, y1: 3 })).toBeNull();
  });
});

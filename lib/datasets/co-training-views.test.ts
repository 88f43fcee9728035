import { describe, expect, it } from 'vitest';
import { makeCoTrainingViews, type CoTrainingViewSpec } from './co-training-views';

const SPEC: CoTrainingViewSpec = { n: 2000, dims1: 2, dims2: 3, separation: 1.5, noiseSd: 3, dependence: 0 };

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
const corr = (a: number[], b: number[]) => {
  const ma = mean(a);
  const mb = mean(b);
  return mean(a.map((v, i) => (v - ma) * (b[i]! - mb))) / (sd(a) * sd(b));
};
/** Undoes the rotation of view 2's first two features. */
const unrotate = (x: number[], angle = Math.PI / 3) => [
  Math.cos(angle) * x[0]! + Math.sin(angle) * x[1]!,
  -Math.sin(angle) * x[0]! + Math.cos(angle) * x[1]!,
  ...x.slice(2),
];

describe('makeCoTrainingViews', () => {
  it('gives balanced classes and one row per example in each view, with the asked widths', () => {
    const { view1, view2, y } = makeCoTrainingViews({ ...SPEC, n: 11 }, 3);
    expect(view1).toHaveLength(11);
    expect(view2).toHaveLength(11);
    expect(y).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(view1.every((r) => r.length === 2)).toBe(true);
    expect(view2.every((r) => r.length === 3)).toBe(true);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(makeCoTrainingViews(SPEC, 42)).toEqual(makeCoTrainingViews(SPEC, 42));
    expect(makeCoTrainingViews(SPEC, 42).view1[0]).not.toEqual(makeCoTrainingViews(SPEC, 43).view1[0]);
  });

  it('puts the class on feature 0 (unit spread) and noise with spread noiseSd elsewhere', () => {
    const { view1, view2, y } = makeCoTrainingViews(SPEC, 7);
    for (const [view, rot] of [[view1, false], [view2, true]] as const) {
      const rows = rot ? view.map((x) => unrotate(x)) : view;
      for (const c of [0, 1]) {
        const f0 = rows.filter((_, i) => y[i] === c).map((x) => x[0]!);
        expect(mean(f0)).toBeCloseTo(c === 0 ? -1.5 : 1.5, 0);
        expect(sd(f0)).toBeGreaterThan(0.9);
        expect(sd(f0)).toBeLessThan(1.1);
      }
      const f1 = rows.map((x) => x[1]!);
      expect(Math.abs(mean(f1))).toBeLessThan(0.3);
      expect(sd(f1)).toBeGreaterThan(2.8);
      expect(sd(f1)).toBeLessThan(3.2);
    }
  });

  it('makes the views conditionally independent at dependence 0', () => {
    const { view1, view2, y } = makeCoTrainingViews(SPEC, 11);
    const v2 = view2.map((x) => unrotate(x));
    for (const c of [0, 1]) {
      const idx = y.flatMap((label, i) => (label === c ? [i] : []));
      for (const k of [0, 1]) {
        const r = corr(idx.map((i) => view1[i]![k]!), idx.map((i) => v2[i]![k]!));
        expect(Math.abs(r)).toBeLessThan(0.1);
      }
    }
  });

  it('makes view 2 a rotated copy of view 1 at dependence 1 with equal widths', () => {
    const { view1, view2 } = makeCoTrainingViews({ ...SPEC, n: 50, dims2: 2, dependence: 1 }, 5);
    view2.forEach((x, i) => {
      const back = unrotate(x);
      expect(back[0]).toBeCloseTo(view1[i]![0]!, 10);
      expect(back[1]).toBeCloseTo(view1[i]![1]!, 10);
    });
  });

  it('shares about half of the within-class variance at dependence 0.5', () => {
    const { view1, view2, y } = makeCoTrainingViews({ ...SPEC, dependence: 0.5 }, 13);
    const v2 = view2.map((x) => unrotate(x));
    const idx = y.flatMap((label, i) => (label === 1 ? [i] : []));
    const r = corr(idx.map((i) => view1[i]![1]!), idx.map((i) => v2[i]![1]!));
    expect(r).toBeGreaterThan(0.6);
    expect(r).toBeLessThan(0.8);
  });

  it('rejects a dependence outside [0, 1]', () => {
    expect(() => makeCoTrainingViews({ ...SPEC, dependence: 1.5 }, 1)).toThrow(/dependence/);
  });
});

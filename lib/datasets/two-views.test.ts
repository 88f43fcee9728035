import { describe, expect, it } from 'vitest';
import { makeTwoViews } from './two-views';

const row = (a: Float32Array, i: number, d: number) => Array.from(a.subarray(i * d, (i + 1) * d));
const cos = (a: number[], b: number[]) => {
  const dot = a.reduce((s, v, k) => s + v * b[k]!, 0);
  return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
};

describe('two views', () => {
  it('is deterministic and has the requested shapes', () => {
    const a = makeTwoViews({ n: 5, seed: 1, mixSeed: 2 });
    const b = makeTwoViews({ n: 5, seed: 1, mixSeed: 2 });
    expect(Array.from(a.view1)).toEqual(Array.from(b.view1));
    expect(a.view1.length).toBe(5 * 16);
    expect(a.content.length).toBe(5 * 4);
    expect(Array.from(makeTwoViews({ n: 5, seed: 3, mixSeed: 2 }).view1)).not.toEqual(Array.from(a.view1));
  });

  it('makes the two views of a sample more alike than views of different samples', () => {
    const { view1, view2, dim } = makeTwoViews({ n: 200, seed: 4, mixSeed: 5, nuisance: 1 });
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < 200; i++) {
      pos += cos(row(view1, i, dim), row(view2, i, dim));
      neg += cos(row(view1, i, dim), row(view2, (i + 1) % 200, dim));
    }
    expect(pos / 200).toBeGreaterThan(0.2);
    expect(Math.abs(neg / 200)).toBeLessThan(0.1);
  });

  it('with no nuisance and no noise, the two views are identical', () => {
    const { view1, view2 } = makeTwoViews({ n: 3, seed: 6, mixSeed: 7, nuisance: 0, noise: 0 });
    expect(Array.from(view1)).toEqual(Array.from(view2));
  });
});

import { describe, expect, it } from 'vitest';
import { advise, DEFAULT_ANSWERS, QUESTIONS, type Answers } from './ssl-chooser';

const fits = (a: Answers) => Object.fromEntries(advise(a).methods.map((m) => [m.id, m.fit]));

describe('ssl chooser', () => {
  it('asks one question per answer key', () => {
    expect(QUESTIONS.map((q) => q.key).sort()).toEqual(Object.keys(DEFAULT_ANSWERS).sort());
  });

  it('defaults to clustered data with a decent model: graph and self-training fit, co-training does not', () => {
    expect(fits(DEFAULT_ANSWERS)).toEqual({ graph: 'good', self: 'good', co: 'poor' });
    expect(advise(DEFAULT_ANSWERS).suggestion).toMatch(/^Try label propagation/);
  });

  it('suggests co-training first when two independent views exist', () => {
    const a = { ...DEFAULT_ANSWERS, twoViews: true };
    expect(fits(a).co).toBe('good');
    expect(advise(a).suggestion).toMatch(/^Try co-training/);
  });

  it('rules out the graph without clusters and flags size and new data', () => {
    expect(fits({ ...DEFAULT_ANSWERS, clusters: false }).graph).toBe('poor');
    const big = advise({ ...DEFAULT_ANSWERS, large: true, newData: true }).methods.find((m) => m.id === 'graph')!;
    expect(big.fit).toBe('care');
    expect(big.reasons.join(' ')).toMatch(/k-nearest-neighbour/);
    expect(big.reasons.join(' ')).toMatch(/rebuild/);
  });

  it('rules out self-training when confident predictions are unreliable', () => {
    const a = { ...DEFAULT_ANSWERS, confident: false };
    expect(fits(a).self).toBe('poor');
    expect(fits({ ...a, twoViews: true }).co).toBe('care');
  });

  it('says so when no assumption holds', () => {
    const none = { clusters: false, twoViews: false, confident: false, large: false, newData: false };
    expect(Object.values(fits(none))).toEqual(['poor', 'poor', 'poor']);
    expect(advise(none).suggestion).toMatch(/more labels/);
  });

  it('gives every method at least one reason', () => {
    for (let mask = 0; mask < 32; mask++) {
      const keys = Object.keys(DEFAULT_ANSWERS) as Array<keyof Answers>;
      const a = Object.fromEntries(keys.map((k, i) => [k, Boolean(mask & (1 << i))])) as Answers;
      for (const m of advise(a).methods) expect(m.reasons.length, `${m.id} ${mask}`).toBeGreaterThan(0);
    }
  });
});

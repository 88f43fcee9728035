import { expect, test } from 'vitest';
import {
  beatsBaseline,
  beatsBaselineOverSeeds,
  converged,
  decreasing,
  intervalSummary,
  meanSd,
  medianOver,
  noDivergence,
} from './training-matchers';

test('medianOver handles odd and even counts, ignores order and refuses NaN', () => {
  expect(medianOver([3, 1, 2])).toBe(2);
  expect(medianOver([4, 1, 3, 2])).toBe(2.5);
  expect(medianOver([])).toBeNaN();
  expect(medianOver([1, NaN, 3])).toBeNaN();
});

test('meanSd uses the sample standard deviation', () => {
  expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7), n: 8 });
  expect(meanSd([3])).toEqual({ mean: 3, sd: 0, n: 1 });
});

test('intervalSummary reads "gains +x ± sd points" and says "loses" for a negative mean', () => {
  expect(intervalSummary([2.3, 3.1, 3.9], 'label spreading', { against: 'the baseline' })).toBe(
    'Your label spreading gains +3.1 ± 0.8 points over the baseline (mean ± sd over 3 seeds)',
  );
  expect(intervalSummary([-1, -2], 'self-training')).toBe('Your self-training loses 1.5 ± 0.7 points (mean ± sd over 2 seeds)');
  expect(intervalSummary([-0.01, 0.01, -0.02], 'x')).toContain('gains +0.0');
});

test('beatsBaseline passes at exactly the margin despite float round-off', () => {
  // 100 * (0.83 - 0.8) is 2.9999999999999982 in floating point.
  expect(beatsBaseline(0.83, 0.8, 3, 'label spreading').pass).toBe(true);
  expect(beatsBaseline(0.829, 0.8, 3, 'label spreading').pass).toBe(false);
});

test('beatsBaseline tells the learner both scores, the gain and the required margin', () => {
  const verdict = beatsBaseline(0.8, 0.781, 3, 'label spreading', { baselineName: '1-NN on the labeled points' });
  expect(verdict).toEqual({
    pass: false,
    message:
      'Your label spreading reaches 80.0%, +1.9 points over 1-NN on the labeled points (78.1%); ' +
      'it should beat it by at least 3.0 points.',
  });
  expect(beatsBaseline(0.7, 0.78, 3, 'self-training').message).toContain('-8.0 points over the baseline');
});

test('beatsBaseline fails a NaN score instead of comparing it', () => {
  expect(beatsBaseline(NaN, 0.5, 0, 'model').message).toBe('Your model produced no usable score (got NaN).');
});

test('beatsBaselineOverSeeds judges the median gain, so one bad seed does not decide', () => {
  const scores = [0.9, 0.91, 0.7, 0.92, 0.9];
  const baselines = [0.85, 0.86, 0.8, 0.86, 0.86];
  const verdict = beatsBaselineOverSeeds(scores, baselines, 3, 'label spreading');
  expect(verdict.pass).toBe(true);
  expect(verdict.message).toMatch(/^Your label spreading gains \+2\.\d ± \d+\.\d points over the baseline \(mean ± sd over 5 seeds\); median gain \+5\.0 points\.$/);
});

test('beatsBaselineOverSeeds fails when the median gain is short, and on missing or NaN scores', () => {
  const short = beatsBaselineOverSeeds([0.81, 0.82, 0.8], [0.8, 0.8, 0.8], 3, 'self-training');
  expect(short.pass).toBe(false);
  expect(short.message).toContain('the median gain is +1.0 points, but it should be at least 3.0');
  expect(beatsBaselineOverSeeds([0.9], [0.8, 0.8], 3, 'x').message).toBe('Expected one x score per seed (2), got 1.');
  expect(beatsBaselineOverSeeds([0.9, NaN], [0.8, 0.8], 3, 'x').message).toContain('On seed 2 your x produced no usable score');
});

const falling = Array.from({ length: 50 }, (_, i) => 1 / (1 + i) + 0.01 * Math.sin(7 * i) * 0.1);

test('decreasing accepts a noisy falling curve and rejects a flat or rising one', () => {
  expect(decreasing(falling).pass).toBe(true);
  expect(decreasing([0.69, 0.7, 0.69, 0.7]).pass).toBe(false);
  expect(decreasing([0.69, 0.8, 0.9, 1.2], { name: 'Your contrastive loss', window: 2 }).message).toMatch(
    /^Your contrastive loss went from 0\.745 to 1\.05 \(mean of the first and of the last 2 steps\); it should fall by at least 10%\./,
  );
});

test('decreasing with monotoneTol rejects a single rising step and names it', () => {
  const bumpy = [1, 0.8, 0.85, 0.5, 0.4];
  expect(decreasing(bumpy).pass).toBe(true);
  expect(decreasing(bumpy, { monotoneTol: 0.01 }).message).toContain('rose from 0.8 to 0.85 at step 2');
  expect(decreasing(bumpy, { monotoneTol: 0.1 }).pass).toBe(true);
});

test('decreasing compares single end points when the curve is shorter than 20 steps', () => {
  expect(decreasing([0.69, 0.8, 0.9, 0.65]).message).toContain('went from 0.69 to 0.65 (first to last step)');
  expect(decreasing([0.69, 0.8, 0.9, 0.6]).pass).toBe(true);
});

test('decreasing needs two finite values', () => {
  expect(decreasing([1]).pass).toBe(false);
  expect(decreasing([]).message).toContain('has no values');
  expect(decreasing([1, null, 0.5]).message).toContain('became NaN or Infinity at step 1');
});

test('noDivergence reports the first NaN, using sampled step numbers when given', () => {
  expect(noDivergence(falling).pass).toBe(true);
  expect(noDivergence([1, 2, null], { steps: [0, 10, 20] }).message).toMatch(/^Your training loss became NaN or Infinity at step 20\./);
});

test('noDivergence reports a blow-up past maxGrowth times the start', () => {
  expect(noDivergence([0.7, 3, 6.9]).pass).toBe(true);
  expect(noDivergence([0.7, 3, 8, 1e6]).message).toContain('grew to 8 at step 2, more than 10 times its start (0.7)');
  expect(noDivergence([0.7, 3], { maxGrowth: 2 }).pass).toBe(false);
});

test('converged accepts a settled tail and rejects one still moving', () => {
  const settled = [...falling.slice(0, 40), ...Array.from({ length: 10 }, (_, i) => 0.2 + 1e-4 * (i % 2))];
  expect(converged(settled).pass).toBe(true);
  expect(converged(falling, { window: 10 }).pass).toBe(false);
  expect(converged(falling, { window: 10, tol: 0.5 }).pass).toBe(true);
  expect(converged([1, 0.5, 0.25, 0.125], { window: 2, tol: 0.01 }).message).toContain(
    'still moves between 0.125 and 0.25 over its last 2 steps; it should settle to within 1% of its value',
  );
});

test('converged treats a curve settled at zero as converged thanks to abs', () => {
  expect(converged([1, 0, 0, 0, 0], { window: 3 }).pass).toBe(true);
});

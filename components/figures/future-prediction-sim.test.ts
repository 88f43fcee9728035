import { expect, test } from 'vitest';
import {
  FRAME_LEN,
  batchLoss,
  buildScene,
  fitAR,
  forecast,
  predictFrame,
  scoreCandidates,
  solveLinear,
} from './future-prediction-sim';

test('solveLinear solves a small system', () => {
  const x = solveLinear([[2, 1, 0], [1, 3, 1], [0, 1, 4]], [4, 10, 14]);
  [1, 2, 3].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 10));
});

test('an AR(2) fit continues a pure sinusoid almost exactly', () => {
  const w = 2 * Math.PI * 0.07;
  const x = Array.from({ length: 64 }, (_, n) => Math.sin(w * n + 0.3));
  const coeffs = fitAR(x, 2, 1e-9);
  // sin obeys x[n] = 2 cos(w) x[n-1] - x[n-2].
  expect(coeffs[0]).toBeCloseTo(2 * Math.cos(w), 5);
  expect(coeffs[1]).toBeCloseTo(-1, 5);
  const ahead = forecast(x, coeffs, 20);
  ahead.forEach((v, s) => expect(v).toBeCloseTo(Math.sin(w * (64 + s) + 0.3), 4));
});

test('predictFrame returns one frame and never reads past frame t', () => {
  const signal = Array.from({ length: FRAME_LEN * 12 }, (_, n) => Math.sin(0.3 * n));
  const changed = signal.map((v, n) => (n >= 5 * FRAME_LEN ? 99 : v));
  const a = predictFrame(signal, 4, 2);
  expect(a).toHaveLength(FRAME_LEN);
  expect(predictFrame(changed, 4, 2)).toEqual(a);
});

test('scores prefer the candidate closest to the forecast; probabilities sum to 1', () => {
  const pred = [0, 1, 0, -1];
  const { probs, scores } = scoreCandidates(pred, [[0, 0, 0, 0], [0, 1, 0, -1], [1, 1, 1, 1]], 0.5);
  expect(scores[1]).toBe(-0);
  expect(probs.indexOf(Math.max(...probs))).toBe(1);
  expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
});

test('buildScene hides the true future at a seeded slot and reports -log p as the loss', () => {
  const o = { seed: 4, t: 4, k: 1, noise: 0.1, candidates: 8, temperature: 0.2, kind: 'tones' as const };
  const s = buildScene(o);
  expect(s.candidates).toHaveLength(8);
  expect(s.loss).toBeCloseTo(-Math.log(s.probs[s.trueSlot]!), 12);
  expect(buildScene(o).trueSlot).toBe(s.trueSlot);
  expect(s.path).toHaveLength(FRAME_LEN);
});

test('tones are predictable (loss far below log N), white noise is not (loss at least log N)', () => {
  const base = { seed: 1, t: 4, k: 1, noise: 0.1, candidates: 16, temperature: 0.2 };
  const tones = batchLoss({ ...base, kind: 'tones' });
  const noise = batchLoss({ ...base, kind: 'noise' });
  expect(tones).toBeLessThan(Math.log(16) - 1.5);
  expect(noise).toBeGreaterThan(Math.log(16) - 0.2);
});

test('more noise or a farther future makes the loss larger', () => {
  const base = { seed: 1, t: 4, candidates: 16, temperature: 0.2, kind: 'tones' as const };
  expect(batchLoss({ ...base, k: 1, noise: 0.5 })).toBeGreaterThan(batchLoss({ ...base, k: 1, noise: 0.1 }));
  expect(batchLoss({ ...base, k: 3, noise: 0.2 })).toBeGreaterThan(batchLoss({ ...base, k: 1, noise: 0.2 }));
});

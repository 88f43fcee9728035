import { expect, test } from 'vitest';
import { MAX_FREQ, MIN_FREQ, frameSignal, makeSignals, whiteNoise } from './signals';

test('makeSignals is deterministic per seed and has the requested shape', () => {
  const a = makeSignals(20, { length: 64 }, 9);
  expect(a).toEqual(makeSignals(20, { length: 64 }, 9));
  expect(a.signals).toHaveLength(20);
  expect(a.signals.every((s) => s.length === 64)).toBe(true);
  expect(makeSignals(20, { length: 64 }, 10).signals).not.toEqual(a.signals);
});

test('the dominant tone lies in the band named by the label', () => {
  const { labels, freqs } = makeSignals(400, { classes: 4, distractors: 2 }, 3);
  const band = (MAX_FREQ - MIN_FREQ) / 4;
  labels.forEach((label, i) => {
    const f = freqs[i]![0]!;
    expect(f).toBeGreaterThanOrEqual(MIN_FREQ + label * band);
    expect(f).toBeLessThan(MIN_FREQ + (label + 1) * band);
    expect(freqs[i]).toHaveLength(3);
  });
  for (let c = 0; c < 4; c++) expect(labels.filter((l) => l === c).length).toBeGreaterThan(60);
});

test('without noise a signal is exactly its tones; the dominant tone shows in the spectrum', () => {
  const { signals, freqs } = makeSignals(5, { length: 256, noise: 0, distractors: 0 }, 4);
  signals.forEach((s, i) => {
    // Project on sine and cosine at the tone frequency and at a far-away frequency.
    const power = (f: number) => {
      let c = 0;
      let d = 0;
      s.forEach((v, n) => {
        c += v * Math.cos(2 * Math.PI * f * n);
        d += v * Math.sin(2 * Math.PI * f * n);
      });
      return (c * c + d * d) / s.length ** 2;
    };
    const f = freqs[i]![0]!;
    expect(power(f)).toBeGreaterThan(0.2); // amplitude 1 gives about 0.25
    expect(power(f + 0.1 > MAX_FREQ ? f - 0.1 : f + 0.1)).toBeLessThan(0.01);
    expect(Math.max(...s.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-12);
  });
});

test('noise has the requested standard deviation', () => {
  const clean = makeSignals(50, { length: 128, noise: 0 }, 8).signals.flat();
  const noisy = makeSignals(50, { length: 128, noise: 0.3 }, 8).signals.flat();
  // Same seed: tones identical, the rest of the stream goes to the noise.
  const diff = noisy.map((v, i) => v - clean[i]!);
  const sd = Math.sqrt(diff.reduce((s, v) => s + v * v, 0) / diff.length);
  expect(sd).toBeGreaterThan(0.27);
  expect(sd).toBeLessThan(0.33);
});

test('whiteNoise is standard normal and reproducible', () => {
  const x = whiteNoise(40, 250, 2);
  expect(x).toEqual(whiteNoise(40, 250, 2));
  const flat = x.flat();
  const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
  const sd = Math.sqrt(flat.reduce((s, v) => s + (v - mean) ** 2, 0) / flat.length);
  expect(Math.abs(mean)).toBeLessThan(0.05);
  expect(Math.abs(sd - 1)).toBeLessThan(0.05);
});

test('frameSignal cuts consecutive frames and drops a short tail', () => {
  const frames = frameSignal([0, 1, 2, 3, 4, 5, 6], 3);
  expect(frames).toEqual([[0, 1, 2], [3, 4, 5]]);
});

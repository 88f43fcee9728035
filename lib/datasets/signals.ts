import { gaussian, mulberry32 } from './prng';

// Synthetic 1-D signals for future-prediction exercises (CPC-style): each signal is a sum of a
// few sinusoids plus Gaussian noise, cut into short frames. Past and future frames of one signal
// share its tones, so the past says something about the future; the noise says nothing. White
// noise (no tones at all) is the control where the future cannot be predicted.

export type SignalOptions = {
  /** Samples per signal. */
  length: number;
  /** Number of frequency bands; the dominant tone of a signal lies in band `label`. */
  classes: number;
  /** Extra, weaker tones at random frequencies (0 or more). */
  distractors: number;
  /** Standard deviation of the additive Gaussian noise. */
  noise: number;
};

export type SignalSet = {
  signals: number[][];
  /** Band of the dominant tone, 0..classes-1: a label a linear probe can try to recover. */
  labels: number[];
  /** Frequency (cycles per sample) of every tone of every signal, dominant tone first. */
  freqs: number[][];
};

/** Dominant tones lie between these frequencies (cycles per sample), split into equal bands. */
export const MIN_FREQ = 0.02;
export const MAX_FREQ = 0.22;

export const DEFAULT_SIGNAL_OPTIONS: SignalOptions = { length: 128, classes: 4, distractors: 1, noise: 0.2 };

/**
 * `n` signals: a dominant tone (amplitude 1) in a band chosen uniformly, `distractors` tones of
 * amplitude 0.2 to 0.5 anywhere in [MIN_FREQ, MAX_FREQ], random phases, plus noise.
 */
export function makeSignals(n: number, options: Partial<SignalOptions>, seed: number): SignalSet {
  const opts = { ...DEFAULT_SIGNAL_OPTIONS, ...options };
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const band = (MAX_FREQ - MIN_FREQ) / opts.classes;
  const signals: number[][] = [];
  const labels: number[] = [];
  const freqs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const label = Math.floor(rand() * opts.classes);
    const tones = [{ f: MIN_FREQ + (label + rand()) * band, a: 1, phase: 2 * Math.PI * rand() }];
    for (let d = 0; d < opts.distractors; d++) {
      const f = MIN_FREQ + rand() * (MAX_FREQ - MIN_FREQ);
      tones.push({ f, a: 0.2 + 0.3 * rand(), phase: 2 * Math.PI * rand() });
    }
    const signal = Array.from({ length: opts.length }, (_, s) => {
      let v = 0;
      for (const tone of tones) v += tone.a * Math.sin(2 * Math.PI * tone.f * s + tone.phase);
      return v + opts.noise * normal();
    });
    signals.push(signal);
    labels.push(label);
    freqs.push(tones.map((t) => t.f));
  }
  return { signals, labels, freqs };
}

/** `n` signals of pure standard Gaussian noise: nothing about their future is predictable. */
export function whiteNoise(n: number, length: number, seed: number): number[][] {
  const normal = gaussian(mulberry32(seed));
  return Array.from({ length: n }, () => Array.from({ length }, () => normal()));
}

/** Cuts a signal into consecutive, non-overlapping frames of `frameLen` samples (a short tail is dropped). */
export function frameSignal(signal: ReadonlyArray<number>, frameLen: number): number[][] {
  const count = Math.floor(signal.length / frameLen);
  return Array.from({ length: count }, (_, j) => signal.slice(j * frameLen, (j + 1) * frameLen));
}

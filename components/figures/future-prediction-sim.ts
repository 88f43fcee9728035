/**
 * Future prediction with InfoNCE on synthetic signals, for the lesson figure. Plain TypeScript
 * (no tfjs) so every slider move recomputes instantly.
 *
 * CPC learns its encoder and predictor. To show the mechanics without a training run, this
 * figure uses a fixed, classical predictor instead: a linear autoregressive model fitted by least
 * squares to the context (x[n] is predicted from the p samples before it) and rolled forward to
 * the future frame. Candidates are scored by how close they are to that forecast,
 * score = -mean squared difference, and the scores go through the same softmax as InfoNCE.
 */
import { mulberry32, permutation } from '@/lib/datasets/prng';
import { frameSignal, makeSignals, whiteNoise } from '@/lib/datasets/signals';

export const FRAME_LEN = 16;
export const FRAMES = 12;
export const AR_ORDER = 8;

/** Solves A x = b (n x n, row-major arrays) by Gaussian elimination with partial pivoting. */
export function solveLinear(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[pivot]![col]!)) pivot = r;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    const p = M[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col || p[col] === 0) continue;
      const f = M[r]![col]! / p[col]!;
      for (let c = col; c <= n; c++) M[r]![c] = M[r]![c]! - f * p[c]!;
    }
  }
  return M.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}

/**
 * Least-squares coefficients a_1..a_p of x[n] ~ a_1 x[n-1] + ... + a_p x[n-p]. A small ridge term
 * keeps the normal equations solvable on short or perfectly periodic contexts.
 */
export function fitAR(x: ReadonlyArray<number>, order: number, ridge = 1e-3): number[] {
  const A = Array.from({ length: order }, () => new Array<number>(order).fill(0));
  const b = new Array<number>(order).fill(0);
  for (let n = order; n < x.length; n++) {
    for (let i = 0; i < order; i++) {
      b[i]! += x[n]! * x[n - 1 - i]!;
      for (let j = 0; j < order; j++) A[i]![j]! += x[n - 1 - i]! * x[n - 1 - j]!;
    }
  }
  for (let i = 0; i < order; i++) A[i]![i]! += ridge;
  return solveLinear(A, b);
}

/** Continues `history` by `steps` samples, feeding each prediction back in. */
export function forecast(history: ReadonlyArray<number>, coeffs: ReadonlyArray<number>, steps: number): number[] {
  const buf = [...history];
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    let v = 0;
    coeffs.forEach((a, i) => (v += a * (buf[buf.length - 1 - i] ?? 0)));
    buf.push(v);
    out.push(v);
  }
  return out;
}

/** The forecast of frames t + 1 .. t + k (k * FRAME_LEN samples) from the samples of frames 0..t. */
export function forecastFrames(signal: ReadonlyArray<number>, t: number, k: number): number[] {
  const history = signal.slice(0, (t + 1) * FRAME_LEN);
  return forecast(history, fitAR(history, AR_ORDER), k * FRAME_LEN);
}

/** The forecast of frame t + k alone: what gets compared with the candidates. */
export function predictFrame(signal: ReadonlyArray<number>, t: number, k: number): number[] {
  return forecastFrames(signal, t, k).slice((k - 1) * FRAME_LEN);
}

/** score = -mean squared difference; softmax of score / temperature over the candidates. */
export function scoreCandidates(pred: ReadonlyArray<number>, candidates: ReadonlyArray<ReadonlyArray<number>>, temperature: number) {
  const scores = candidates.map((c) => -c.reduce((s, v, i) => s + (v - pred[i]!) ** 2, 0) / c.length);
  const logits = scores.map((s) => s / temperature);
  const m = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - m));
  const z = exps.reduce((s, v) => s + v, 0);
  return { scores, probs: exps.map((e) => e / z), logZ: m + Math.log(z), logits };
}

export type SceneOptions = { seed: number; t: number; k: number; noise: number; candidates: number; temperature: number; kind: 'tones' | 'noise' };

/** N signals; signal 0 is the one on screen, the others supply the negatives. */
export function makeBatch(o: Pick<SceneOptions, 'seed' | 'noise' | 'candidates' | 'kind'>): number[][] {
  const length = FRAME_LEN * FRAMES;
  return o.kind === 'tones' ? makeSignals(o.candidates, { length, noise: o.noise }, o.seed).signals : whiteNoise(o.candidates, length, o.seed);
}

/**
 * One context of the figure: the signal, its forecast, and the N candidate futures in a shuffled
 * display order. `trueSlot` says where the real future ended up. Loss = -log p(true future).
 */
export function buildScene(o: SceneOptions) {
  const batch = makeBatch(o);
  const signal = batch[0]!;
  const futures = batch.map((s) => frameSignal(s, FRAME_LEN)[o.t + o.k]!);
  const order = permutation(futures.length, mulberry32(o.seed ^ 0x51ed27));
  const shown = order.map((i) => futures[i]!);
  const trueSlot = order.indexOf(0);
  const path = forecastFrames(signal, o.t, o.k);
  const prediction = path.slice((o.k - 1) * FRAME_LEN);
  const { scores, probs } = scoreCandidates(prediction, shown, o.temperature);
  return { signal, path, prediction, candidates: shown, trueSlot, scores, probs, loss: -Math.log(probs[trueSlot]!) };
}

/**
 * The InfoNCE loss over whole batches, as in the exercise: every signal of a batch forecasts its
 * own future and the other N - 1 futures are its negatives. Averaged over `batches` batches.
 * log N minus this value is the lower bound on the mutual information between context and future.
 */
export function batchLoss(o: SceneOptions, batches = 4): number {
  let total = 0;
  let rows = 0;
  for (let b = 0; b < batches; b++) {
    const batch = makeBatch({ ...o, seed: o.seed + 1000 * (b + 1) });
    const futures = batch.map((s) => frameSignal(s, FRAME_LEN)[o.t + o.k]!);
    batch.forEach((s, i) => {
      const { logits, logZ } = scoreCandidates(predictFrame(s, o.t, o.k), futures, o.temperature);
      total += logZ - logits[i]!;
      rows += 1;
    });
  }
  return total / rows;
}

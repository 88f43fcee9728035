// variant: a correct solution in another style: L kept as a growing list in labeling order, picks with tf.topk on masked scores, U read through a pointer
import * as tf from '@tensorflow/tfjs';

// Co-training (Blum & Mitchell, 1998).
//
// Every example i is seen through two views: row i of view1 and row i of view2 (different
// features of the same thing, say the words on a web page and the words of the links pointing
// to it). A few examples carry a label, 0 or 1; the rest have -1 in y.
//
// Co-training trains one classifier per view, h1 on view 1 and h2 on view 2, and lets them label
// examples for each other. Round after round:
//
//   1. train h1 and h2 on the labeled set L (both on the same L, each on its own view);
//   2. h1 scores the pool U' (a few random unlabeled examples) and labels its p most confident
//      positives (label 1) and n most confident negatives (label 0); then h2 does the same among
//      the pool examples h1 did not take. All of them join L, so each classifier learns from
//      what the other one was sure about;
//   3. the picked examples leave the pool, and fresh random unlabeled examples refill it to
//      poolSize. Unpicked examples stay in the pool.
//
// You do not write the classifier: `fit` trains a small logistic regression for you. The tests
// hand you a `fit` that also writes down which rows each classifier was trained on and asked to
// score, so they can check every round.

/** A trained classifier for one view. */
export type Classifier = {
  /**
   * Class probabilities for every row of X: shape [m, 2], column 0 = P(y = 0), column 1 = P(y = 1).
   * You own the returned tensor: dispose it (or read it inside tf.tidy).
   */
  predictProba(X: tf.Tensor2D): tf.Tensor2D;
  /** Frees the classifier's weights. Call it once you have its scores for the round. */
  dispose(): void;
};

/** Trains a logistic regression on the rows X with labels y (0 or 1). It does not dispose X. */
export type FitFn = (X: tf.Tensor2D, y: Int32Array) => Promise<Classifier>;

export type CoTrainOptions = {
  /** Positives each classifier adds per round. */
  p: number;
  /** Negatives each classifier adds per round. */
  n: number;
  /** Size of the pool U' the classifiers choose from. */
  poolSize: number;
  /** Number of rounds. */
  rounds: number;
  /** Seed for every random choice, so a run can be repeated exactly. */
  seed: number;
};

/** Given: a seeded random number generator (mulberry32), uniform in [0, 1). Use it, not Math.random. */
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Given: the items in a random order (Fisher-Yates shuffle). */
function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Runs `opts.rounds` rounds of co-training and returns the final labels: an Int32Array of the
 * same length as y, with the given labels unchanged, every example that co-training labeled set
 * to its pseudo-label (0 or 1), and -1 for examples that were never picked.
 *
 * Rules the tests rely on:
 * - fit is called once per view per round (2 * rounds calls), on rows of that view only
 *   (tf.gather(view1, indices)), never on both views glued together;
 * - each classifier scores the pool with ONE predictProba call per round;
 * - h1 picks first; h2 picks from the pool examples that h1 did not take;
 * - you may assume the pool always holds at least 2 * (p + n) examples.
 *
 * @param view1 features of view 1, shape [N, d1]
 * @param view2 features of view 2, shape [N, d2]
 * @param y     N labels: 0 or 1 for the given labels, -1 for unlabeled examples
 * @param opts  p, n, poolSize, rounds and seed
 * @param fit   trains a classifier (see FitFn)
 */
// Style: L kept as a growing list in the order examples were labeled, picks made with tf.topk on
// masked score vectors, U consumed through a read pointer, manual disposal.
export async function coTrain(
  view1: tf.Tensor2D,
  view2: tf.Tensor2D,
  y: Int32Array,
  opts: CoTrainOptions,
  fit: FitFn,
): Promise<Int32Array> {
  const { p, n, poolSize, rounds, seed } = opts;
  const rng = makeRng(seed);
  const labels = Int32Array.from(y);
  const L: number[] = [];
  const unl: number[] = [];
  labels.forEach((c, i) => (c === -1 ? unl : L).push(i));
  const U = shuffled(unl, rng);
  let next = Math.min(poolSize, U.length);
  let pool = U.slice(0, next);

  const pickWith = (scores: tf.Tensor1D, taken: boolean[]): { pos: number[]; neg: number[] } => {
    const avail = tf.tensor1d(taken.map((t) => (t ? 0 : 1)), 'bool');
    const forPos = tf.where(avail, scores, tf.fill([taken.length], -Infinity));
    const pos = Array.from(tf.topk(forPos, p).indices.dataSync());
    const afterPos = taken.slice();
    pos.forEach((k) => (afterPos[k] = true));
    const avail2 = tf.tensor1d(afterPos.map((t) => (t ? 0 : 1)), 'bool');
    const forNeg = tf.where(avail2, tf.neg(scores), tf.fill([taken.length], -Infinity));
    const neg = Array.from(tf.topk(forNeg, n).indices.dataSync());
    return { pos, neg };
  };

  for (let round = 0; round < rounds; round++) {
    const yL = new Int32Array(L.length);
    L.forEach((i, k) => (yL[k] = labels[i]!));
    const idx = tf.tensor1d(L, 'int32');
    const X1 = tf.gather(view1, idx);
    const X2 = tf.gather(view2, idx);
    idx.dispose();
    const h1 = await fit(X1, yL);
    const h2 = await fit(X2, yL);
    tf.dispose([X1, X2]);

    const poolIdx = tf.tensor1d(pool, 'int32');
    const P1 = tf.gather(view1, poolIdx);
    const P2 = tf.gather(view2, poolIdx);
    const prob1 = h1.predictProba(P1);
    const prob2 = h2.predictProba(P2);
    tf.dispose([poolIdx, P1, P2]);
    h1.dispose();
    h2.dispose();

    const taken = pool.map(() => false);
    const chosen = tf.tidy(() => {
      const s1 = prob1.gather(1, 1) as unknown as tf.Tensor1D;
      const a = pickWith(s1, taken);
      [...a.pos, ...a.neg].forEach((k) => (taken[k] = true));
      const s2 = prob2.gather(1, 1) as unknown as tf.Tensor1D;
      const b = pickWith(s2, taken);
      return [a, b];
    });
    tf.dispose([prob1, prob2]);
    for (const { pos, neg } of chosen) {
      for (const k of pos) {
        labels[pool[k]!] = 1;
        L.push(pool[k]!);
      }
      for (const k of neg) {
        labels[pool[k]!] = 0;
        L.push(pool[k]!);
      }
    }
    pool = pool.filter((i) => labels[i] === -1);
    while (pool.length < poolSize && next < U.length) pool.push(U[next++]!);
  }
  return labels;
}

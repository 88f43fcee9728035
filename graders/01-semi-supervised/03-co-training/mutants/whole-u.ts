// mutant: lets the classifiers pick from all of U every round instead of from the pool U′
import * as tf from '@tensorflow/tfjs';

export type Classifier = { predictProba(X: tf.Tensor2D): tf.Tensor2D; dispose(): void };
export type FitFn = (X: tf.Tensor2D, y: Int32Array) => Promise<Classifier>;
export type CoTrainOptions = { p: number; n: number; poolSize: number; rounds: number; seed: number };

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

function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Trains on the rows of `view` listed in `idx`; the gathered copy is freed once fit returns. */
async function trainOn(view: tf.Tensor2D, idx: number[], labels: Int32Array, fit: FitFn): Promise<Classifier> {
  const X = tf.gather(view, idx);
  try {
    return await fit(X, Int32Array.from(idx, (i) => labels[i]!));
  } finally {
    X.dispose();
  }
}

/** P(y = 1) for the pool rows, read back to plain numbers. */
function scorePool(h: Classifier, view: tf.Tensor2D, pool: number[]): Float32Array {
  return tf.tidy(() => h.predictProba(tf.gather(view, pool)).slice([0, 1], [-1, 1]).dataSync() as Float32Array);
}

/** The p pool examples with the highest P(y = 1) and the n with the lowest, from `allowed`. */
function mostConfident(pool: number[], p1: Float32Array, allowed: Set<number>, p: number, n: number) {
  const order = pool.map((_, j) => j).filter((j) => allowed.has(pool[j]!));
  const positives = [...order].sort((a, b) => p1[b]! - p1[a]!).slice(0, p);
  const negatives = order.filter((j) => !positives.includes(j)).sort((a, b) => p1[a]! - p1[b]!).slice(0, n);
  return { positives: positives.map((j) => pool[j]!), negatives: negatives.map((j) => pool[j]!) };
}

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
  const unlabeled = shuffled([...labels.keys()].filter((i) => labels[i] === -1), rng);
  let pool = unlabeled.splice(0, poolSize);

  for (let round = 0; round < rounds; round++) {
    // Task 1: one classifier per view, both on the same (shared) labeled set.
    const known = [...labels.keys()].filter((i) => labels[i] !== -1);
    const h1 = await trainOn(view1, known, labels, fit);
    const h2 = await trainOn(view2, known, labels, fit);
    pool = [...labels.keys()].filter((i) => labels[i] === -1);
    const p1 = scorePool(h1, view1, pool);
    const p2 = scorePool(h2, view2, pool);
    h1.dispose();
    h2.dispose();

    // Task 2: h1 labels its most confident pool examples, then h2 from what h1 left.
    const free = new Set(pool);
    for (const scores of [p1, p2]) {
      const { positives, negatives } = mostConfident(pool, scores, free, p, n);
      for (const i of positives) labels[i] = 1;
      for (const i of negatives) labels[i] = 0;
      for (const i of [...positives, ...negatives]) free.delete(i);
    }

    // Task 3: unpicked examples stay in the pool; fresh ones from U fill it up again.
    pool = pool.filter((i) => free.has(i));
    pool.push(...unlabeled.splice(0, poolSize - pool.length));
  }
  return labels;
}

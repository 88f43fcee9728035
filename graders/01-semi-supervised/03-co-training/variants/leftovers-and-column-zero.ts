// variant: a correct solution in another style: h2 scores only what h1 left, negatives ranked by column 0
import * as tf from '@tensorflow/tfjs';

type Classifier = { predictProba(X: tf.Tensor2D): tf.Tensor2D; dispose(): void };
type FitFn = (X: tf.Tensor2D, y: Int32Array) => Promise<Classifier>;

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

/** Picks from `cands` and returns [index, label] pairs; the classifier sees only these rows. */
function pick(h: Classifier, view: tf.Tensor2D, cands: number[], p: number, n: number): Array<[number, number]> {
  const probs = tf.tidy(() => h.predictProba(tf.gather(view, cands)).arraySync() as number[][]);
  const rows = cands.map((c, j) => ({ c, p0: probs[j]![0]!, p1: probs[j]![1]! }));
  const pos = [...rows].sort((a, b) => b.p1 - a.p1).slice(0, p);
  const neg = rows.filter((r) => !pos.includes(r)).sort((a, b) => b.p0 - a.p0).slice(0, n);
  return [...pos.map((r): [number, number] => [r.c, 1]), ...neg.map((r): [number, number] => [r.c, 0])];
}

export async function coTrain(
  view1: tf.Tensor2D,
  view2: tf.Tensor2D,
  y: Int32Array,
  opts: { p: number; n: number; poolSize: number; rounds: number; seed: number },
  fit: FitFn,
): Promise<Int32Array> {
  const labels = Int32Array.from(y);
  const rng = makeRng(opts.seed);
  const keyed = Array.from(labels.keys()).filter((i) => labels[i] === -1).map((i) => ({ i, k: rng() }));
  const U = keyed.sort((a, b) => a.k - b.k).map((e) => e.i);
  const pool = new Set(U.splice(0, opts.poolSize));
  for (let r = 0; r < opts.rounds; r++) {
    const L = Array.from(labels.keys()).filter((i) => labels[i] !== -1);
    const yL = new Int32Array(L.map((i) => labels[i]!));
    const X1 = tf.gather(view1, L);
    const X2 = tf.gather(view2, L);
    const [h1, h2] = await Promise.all([fit(X1, yL), fit(X2, yL)]);
    tf.dispose([X1, X2]);
    const first = pick(h1, view1, [...pool], opts.p, opts.n);
    first.forEach(([i]) => pool.delete(i));
    const second = pick(h2, view2, [...pool], opts.p, opts.n);
    second.forEach(([i]) => pool.delete(i));
    h1.dispose();
    h2.dispose();
    for (const [i, l] of [...first, ...second]) labels[i] = l;
    while (pool.size < opts.poolSize && U.length > 0) pool.add(U.shift()!);
  }
  return labels;
}

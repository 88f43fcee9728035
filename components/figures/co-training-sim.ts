import { mulberry32, permutation } from '@/lib/datasets/prng';

// Pure co-training simulation behind the co-training figure (no React, no tensors): two logistic
// regressions, one per view, label examples for each other (Blum & Mitchell, 1998). Every round
// is recorded so the figure can step through them.

type Rows = ReadonlyArray<ReadonlyArray<number>>;

/** [w_0, ..., w_{d-1}, bias] of a logistic regression. */
export type Weights = number[];

export type Pick = { index: number; label: 0 | 1 };

export type RoundSnapshot = {
  /** Labels at the start of the round: given, earlier pseudo-labels, or -1. */
  labels: Int8Array;
  w1: Weights;
  w2: Weights;
  /** The pool U' both classifiers scored this round. */
  pool: number[];
  picks1: Pick[];
  picks2: Pick[];
  /** Test accuracy of the combined classifier (P1 x P2) trained on `labels`. */
  testAccuracy: number;
};

export type CoTrainingRun = {
  /** One snapshot per round, then one more for the labels after the last round (no picks). */
  rounds: RoundSnapshot[];
};

export type CoTrainingOptions = { p: number; n: number; poolSize: number; rounds: number; seed: number };

const LAMBDA = 1;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predictP1(w: Weights, x: ReadonlyArray<number>): number {
  let z = w[x.length]!;
  for (let k = 0; k < x.length; k++) z += w[k]! * x[k]!;
  return sigmoid(z);
}

/** L2-regularised logistic regression (bias not penalised) by Newton's method. */
export function fitLogistic(rows: Rows, labels: ReadonlyArray<number>): Weights {
  const d = rows[0]?.length ?? 0;
  const w = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 30; iter++) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    rows.forEach((x, i) => {
      const p = predictP1(w, x);
      for (let a = 0; a <= d; a++) {
        const xa = a < d ? x[a]! : 1;
        g[a] = g[a]! + (p - labels[i]!) * xa;
        const row = h[a]!;
        for (let b = 0; b <= d; b++) row[b] = row[b]! + p * (1 - p) * xa * (b < d ? x[b]! : 1);
      }
    });
    for (let a = 0; a < d; a++) {
      g[a] = g[a]! + LAMBDA * w[a]!;
      h[a]![a] = h[a]![a]! + LAMBDA;
    }
    h[d]![d] = h[d]![d]! + 1e-6;
    const step = solve(h, g);
    step.forEach((s, a) => (w[a] = w[a]! - s));
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return w;
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k] = M[r]![k]! - f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

function fitOn(view: Rows, labels: Int8Array): Weights {
  const idx = [...labels.keys()].filter((i) => labels[i] !== -1);
  return fitLogistic(
    idx.map((i) => view[i]!),
    idx.map((i) => labels[i]!),
  );
}

/** Blum & Mitchell's combined rule: class 1 when P1 * P2 > (1 - P1)(1 - P2). */
export function combinedAccuracy(w1: Weights, w2: Weights, test1: Rows, test2: Rows, truth: ReadonlyArray<number>): number {
  let right = 0;
  truth.forEach((t, i) => {
    const a = predictP1(w1, test1[i]!);
    const b = predictP1(w2, test2[i]!);
    if ((a * b > (1 - a) * (1 - b) ? 1 : 0) === t) right += 1;
  });
  return right / Math.max(truth.length, 1);
}

/** The p highest and n lowest P(y = 1) among `cands`, as picks. */
export function mostConfident(cands: number[], score: (i: number) => number, p: number, n: number): Pick[] {
  const pos = [...cands].sort((a, b) => score(b) - score(a)).slice(0, p);
  const neg = cands.filter((i) => !pos.includes(i)).sort((a, b) => score(a) - score(b)).slice(0, n);
  return [...pos.map((index) => ({ index, label: 1 as const })), ...neg.map((index) => ({ index, label: 0 as const }))];
}

export type TwoViewData = { view1: Rows; view2: Rows; y: ReadonlyArray<number> };

/**
 * Co-training from the `given` labeled indices. The pool is drawn with the seed; each round both
 * classifiers train on the shared labels, h1 picks first, h2 picks from what h1 left, and the
 * pool is topped up from U.
 */
export function runCoTraining(train: TwoViewData, test: TwoViewData, given: number[], o: CoTrainingOptions): CoTrainingRun {
  const n = train.y.length;
  const labels = new Int8Array(n).fill(-1);
  for (const i of given) labels[i] = train.y[i]!;
  const rand = mulberry32(o.seed);
  const unlabeled = permutation(n, rand).filter((i) => labels[i] === -1);
  let pool = unlabeled.splice(0, o.poolSize);
  const rounds: RoundSnapshot[] = [];
  for (let r = 0; r <= o.rounds; r++) {
    const w1 = fitOn(train.view1, labels);
    const w2 = fitOn(train.view2, labels);
    const testAccuracy = combinedAccuracy(w1, w2, test.view1, test.view2, test.y);
    if (r === o.rounds) {
      rounds.push({ labels: labels.slice(), w1, w2, pool: [], picks1: [], picks2: [], testAccuracy });
      break;
    }
    const picks1 = mostConfident(pool, (i) => predictP1(w1, train.view1[i]!), o.p, o.n);
    const left = pool.filter((i) => !picks1.some((q) => q.index === i));
    const picks2 = mostConfident(left, (i) => predictP1(w2, train.view2[i]!), o.p, o.n);
    rounds.push({ labels: labels.slice(), w1, w2, pool: [...pool], picks1, picks2, testAccuracy });
    for (const q of [...picks1, ...picks2]) labels[q.index] = q.label;
    pool = pool.filter((i) => labels[i] === -1);
    pool.push(...unlabeled.splice(0, o.poolSize - pool.length));
  }
  return { rounds };
}

/** Fraction of pseudo-labels (labels that were not given) that match the truth. */
export function pseudoLabelAccuracy(labels: Int8Array, truth: ReadonlyArray<number>, given: ReadonlyArray<number>) {
  const isGiven = new Set(given);
  let right = 0;
  let total = 0;
  labels.forEach((l, i) => {
    if (l === -1 || isGiven.has(i)) return;
    total += 1;
    if (l === truth[i]) right += 1;
  });
  return { right, total };
}

/**
 * Where the line w·x + b = 0 crosses the box [x0, x1] x [y0, y1] (first two features only, the
 * others at 0), or null if it misses the box.
 */
export function boundarySegment(w: Weights, box: { x0: number; x1: number; y0: number; y1: number }) {
  const [a = 0, b = 0] = w;
  const c = w[w.length - 1]!;
  const pts: Array<[number, number]> = [];
  if (Math.abs(b) > 1e-12) {
    for (const x of [box.x0, box.x1]) {
      const y = -(a * x + c) / b;
      if (y >= box.y0 && y <= box.y1) pts.push([x, y]);
    }
  }
  if (Math.abs(a) > 1e-12) {
    for (const y of [box.y0, box.y1]) {
      const x = -(b * y + c) / a;
      if (x > box.x0 && x < box.x1) pts.push([x, y]);
    }
  }
  return pts.length >= 2 ? { from: pts[0]!, to: pts[1]! } : null;
}

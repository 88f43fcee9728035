// The small logistic regression behind the `fit` that probes hand to the learner, and behind the
// baselines the judges compute. Plain float64 JavaScript, no tensors and no randomness: Newton's
// method converges in a few steps on a handful of features, so every run gives the same weights
// in the browser, in Node and in the sandbox. Nothing here is secret (it ships with the probes).

/** L2 strength on the feature weights (not the bias): keeps weights finite on separable data. */
export const LAMBDA = 1;

/** weights[0..d-1] for the features, weights[d] the bias. */
export type LogReg = { weights: number[] };

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Minimises sum_i logloss_i + (LAMBDA / 2) ||w||^2 by Newton's method. */
export function fitLogReg(rows: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>): LogReg {
  const d = rows[0]?.length ?? 0;
  const w = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 30; iter++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      const p = sigmoid(linear(w, x));
      const r = p - labels[i]!;
      const c = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        const xa = a < d ? x[a]! : 1;
        grad[a] = grad[a]! + r * xa;
        const row = hess[a]!;
        for (let b = 0; b <= d; b++) row[b] = row[b]! + c * xa * (b < d ? x[b]! : 1);
      }
    }
    for (let a = 0; a < d; a++) {
      grad[a] = grad[a]! + LAMBDA * w[a]!;
      hess[a]![a] = hess[a]![a]! + LAMBDA;
    }
    // A single-class training set has no finite bias optimum; a tiny ridge keeps the step finite.
    hess[d]![d] = hess[d]![d]! + 1e-6;
    const step = solveSymmetric(hess, grad);
    let largest = 0;
    for (let a = 0; a <= d; a++) {
      w[a] = w[a]! - step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < 1e-10) break;
  }
  return { weights: w };
}

function linear(w: ReadonlyArray<number>, x: ArrayLike<number>): number {
  const d = x.length;
  let z = w[d]!;
  for (let k = 0; k < d; k++) z += w[k]! * x[k]!;
  return z;
}

/** P(y = 1 | x). */
export function predictP1(model: LogReg, x: ArrayLike<number>): number {
  return sigmoid(linear(model.weights, x));
}

/** Training log-loss (mean over rows), streamed as a curve while the learner's loop runs. */
export function meanLogLoss(model: LogReg, rows: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>): number {
  let total = 0;
  rows.forEach((x, i) => {
    const p = Math.min(Math.max(predictP1(model, x), 1e-12), 1 - 1e-12);
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return total / Math.max(rows.length, 1);
}

/**
 * Blum & Mitchell's combined classifier: P(y | x1, x2) proportional to P1(y | x1) P2(y | x2).
 * Returns the predicted class of every test example.
 */
export function combinedPredictions(
  h1: LogReg,
  h2: LogReg,
  view1: ReadonlyArray<ArrayLike<number>>,
  view2: ReadonlyArray<ArrayLike<number>>,
): number[] {
  return view1.map((x1, i) => {
    const a = predictP1(h1, x1);
    const b = predictP1(h2, view2[i]!);
    return a * b > (1 - a) * (1 - b) ? 1 : 0;
  });
}

/** Fits one classifier per view on the examples whose label is 0 or 1 (-1 = unlabeled). */
export function fitBothViews(
  view1: ReadonlyArray<ArrayLike<number>>,
  view2: ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
): { h1: LogReg; h2: LogReg } {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === 0 || labels[i] === 1) idx.push(i);
  const y = idx.map((i) => labels[i]!);
  return { h1: fitLogReg(idx.map((i) => view1[i]!), y), h2: fitLogReg(idx.map((i) => view2[i]!), y) };
}

/** Gauss-Jordan with partial pivoting on a small dense system. */
function solveSymmetric(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[pivot]![col]!)) pivot = r;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    const p = M[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = M[r]!;
      const f = row[col]! / p[col]!;
      if (f !== 0) for (let k = col; k <= n; k++) row[k] = row[k]! - f * p[k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

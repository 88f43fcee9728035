/**
 * A plain-JavaScript label-spreading simulation (Zhou et al. 2004) for the lesson figure.
 *
 * It runs in the reader's browser on every slider change, so it avoids tfjs entirely: 200 points
 * means a 200 x 200 matrix, and a hundred dense matrix products on Float64Arrays
 * take milliseconds. Float64 (rather than tfjs' float32) also keeps the figure free of the
 * underflow the lesson warns about, so what the reader sees is the method, not a precision bug.
 *
 * Matrices are row-major Float64Arrays of length n * n; label matrices are n * c.
 */

/** W_ij = exp(-gamma * ||x_i - x_j||^2), with W_ii = 0 so a point never votes for itself. */
export function affinityMatrix(points: ReadonlyArray<ReadonlyArray<number>>, gamma: number): Float64Array {
  const n = points.length;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = points[i]!;
    for (let j = i + 1; j < n; j++) {
      const xj = points[j]!;
      let d2 = 0;
      for (let k = 0; k < xi.length; k++) {
        const diff = xi[k]! - xj[k]!;
        d2 += diff * diff;
      }
      const v = Math.exp(-gamma * d2);
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  return w;
}

/**
 * S = D^{-1/2} W D^{-1/2}, where D is the diagonal matrix of row sums of W.
 * A node with degree 0 (isolated) gets an all-zero row and column instead of the NaN that 0/0
 * would produce: one NaN column would poison every row of S F (the lesson's underflow pitfall).
 */
export function symmetricNormalize(w: Float64Array, n: number): Float64Array {
  const invSqrtDeg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let deg = 0;
    for (let j = 0; j < n; j++) deg += w[i * n + j]!;
    invSqrtDeg[i] = deg > 0 ? 1 / Math.sqrt(deg) : 0;
  }
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      s[i * n + j] = invSqrtDeg[i]! * w[i * n + j]! * invSqrtDeg[j]!;
    }
  }
  return s;
}

/** One-hot rows for labeled points, zero rows for everything else (the matrix Y). */
export function initialLabels(
  n: number,
  numClasses: number,
  labeled: ReadonlyArray<number>,
  y: ReadonlyArray<number>,
): Float64Array {
  const out = new Float64Array(n * numClasses);
  for (const i of labeled) out[i * numClasses + y[i]!] = 1;
  return out;
}

/**
 * All iterates F(0..T) of F(t+1) = alpha S F(t) + (1 - alpha) Y, starting at F(0) = Y.
 * Kept in memory (T + 1 small arrays) so the iteration slider only looks one up.
 */
export function spreadingIterates(
  s: Float64Array,
  yMatrix: Float64Array,
  n: number,
  numClasses: number,
  alpha: number,
  steps: number,
): Float64Array[] {
  const iterates: Float64Array[] = [Float64Array.from(yMatrix)];
  for (let t = 0; t < steps; t++) {
    const prev = iterates[t]!;
    const next = new Float64Array(n * numClasses);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < numClasses; c++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += s[i * n + j]! * prev[j * numClasses + c]!;
        next[i * numClasses + c] = alpha * acc + (1 - alpha) * yMatrix[i * numClasses + c]!;
      }
    }
    iterates.push(next);
  }
  return iterates;
}

/** argmax per row; -1 when the row has no label mass yet or is an exact tie (undecided). */
export function predictions(f: Float64Array, n: number, numClasses: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestValue = 0;
    let tie = false;
    for (let c = 0; c < numClasses; c++) {
      const v = f[i * numClasses + c]!;
      if (v > bestValue) {
        best = c;
        bestValue = v;
        tie = false;
      } else if (v === bestValue && v > 0) {
        tie = true;
      }
    }
    out[i] = tie ? -1 : best;
  }
  return out;
}

/** Share of unlabeled points whose prediction equals their true class (undecided counts as wrong). */
export function unlabeledAccuracy(
  pred: Int32Array,
  y: ReadonlyArray<number>,
  labeled: ReadonlyArray<number>,
): number {
  const isLabeled = new Set(labeled);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < pred.length; i++) {
    if (isLabeled.has(i)) continue;
    total++;
    if (pred[i] === y[i]) correct++;
  }
  return total === 0 ? 0 : correct / total;
}

export type SpreadingRun = {
  /** F(0..T), each n * numClasses, row-major. */
  iterates: Float64Array[];
  /** Unlabeled accuracy after each iterate. */
  accuracy: number[];
};

/** The full pipeline for fixed data: affinity -> S -> iterates -> accuracy per step. */
export function runLabelSpreading(opts: {
  points: ReadonlyArray<ReadonlyArray<number>>;
  y: ReadonlyArray<number>;
  labeled: ReadonlyArray<number>;
  numClasses: number;
  gamma: number;
  alpha: number;
  steps: number;
}): SpreadingRun {
  const n = opts.points.length;
  const s = symmetricNormalize(affinityMatrix(opts.points, opts.gamma), n);
  const yMatrix = initialLabels(n, opts.numClasses, opts.labeled, opts.y);
  const iterates = spreadingIterates(s, yMatrix, n, opts.numClasses, opts.alpha, opts.steps);
  const accuracy = iterates.map((f) =>
    unlabeledAccuracy(predictions(f, n, opts.numClasses), opts.y, opts.labeled),
  );
  return { iterates, accuracy };
}

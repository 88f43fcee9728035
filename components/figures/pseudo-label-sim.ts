/**
 * A plain-JavaScript replay of the pseudo-labeling exercise for the lesson figure: the same RBF
 * network (Gaussian bumps on every training point, then a linear softmax layer), the same Adam
 * updates, confidence threshold and ramp-up (Lee 2013), in float64 so it runs in the reader's
 * browser in a few milliseconds without tfjs.
 *
 * Everything is full batch: one step sees all points. Matrices are row-major Float64Arrays.
 */

export type Point = readonly [number, number];

export type RunConfig = {
  gamma: number;
  steps: number;
  learningRate: number;
  threshold: number;
  T1: number;
  T2: number;
  alphaF: number;
};

/** What the figure shows at one step, before that step's update. */
export type StepState = {
  /** Pseudo-label per point: the given label for labeled points, -1 if not selected. */
  labels: Int8Array;
  numPseudo: number;
  wrong: number;
  /** Share of unlabeled points whose argmax matches their true class. */
  accuracy: number;
  weight: number;
  /** Per grid cell: predicted class + 1 where max probability >= threshold, else 0. */
  confident: Uint8Array;
};

export const CLASSES = 2;

/** Lee (2013): 0 before T1, a straight ramp to alphaF at T2, alphaF afterwards. */
export function rampUp(t: number, T1: number, T2: number, alphaF: number): number {
  if (t < T1) return 0;
  if (t >= T2) return alphaF;
  return (alphaF * (t - T1)) / (T2 - T1);
}

/** Phi[i][j] = exp(-gamma * ||x_i - c_j||^2): features of `points` relative to the centres. */
export function rbfFeatures(points: ReadonlyArray<Point>, centers: ReadonlyArray<Point>, gamma: number): Float64Array {
  const m = centers.length;
  const phi = new Float64Array(points.length * m);
  points.forEach(([x, y], i) => {
    for (let j = 0; j < m; j++) {
      const dx = x - centers[j]![0];
      const dy = y - centers[j]![1];
      phi[i * m + j] = Math.exp(-gamma * (dx * dx + dy * dy));
    }
  });
  return phi;
}

/** Two-class softmax of logits (z0, z1), written via the difference for stability. */
function prob1(z0: number, z1: number): number {
  return 1 / (1 + Math.exp(z0 - z1));
}

/** Logits = Phi W + b for every row; W is m x 2, b has 2 entries. */
function logits(phi: Float64Array, rows: number, m: number, w: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(rows * CLASSES);
  for (let i = 0; i < rows; i++) {
    let z0 = b[0]!;
    let z1 = b[1]!;
    for (let j = 0; j < m; j++) {
      const f = phi[i * m + j]!;
      if (f < 1e-12) continue;
      z0 += f * w[j * CLASSES]!;
      z1 += f * w[j * CLASSES + 1]!;
    }
    out[i * CLASSES] = z0;
    out[i * CLASSES + 1] = z1;
  }
  return out;
}

/**
 * Trains the RBF network from zero weights with pseudo-labels recomputed at every step, and
 * records what each step looked like. `truth` is only used to count wrong pseudo-labels and to
 * measure accuracy for the reader; training never reads it for unlabeled points.
 */
export function runSelfTraining(
  points: ReadonlyArray<Point>,
  truth: ReadonlyArray<number>,
  labeled: ReadonlyArray<number>,
  grid: ReadonlyArray<Point>,
  cfg: RunConfig,
): StepState[] {
  const n = points.length;
  const isLabeled = new Set(labeled);
  const unlabeled = [...Array(n).keys()].filter((i) => !isLabeled.has(i));
  const phi = rbfFeatures(points, points, cfg.gamma);
  const phiGrid = rbfFeatures(grid, points, cfg.gamma);
  const size = n * CLASSES;
  const w = new Float64Array(size);
  const b = new Float64Array(CLASSES);
  const mW = new Float64Array(size);
  const vW = new Float64Array(size);
  const mB = new Float64Array(CLASSES);
  const vB = new Float64Array(CLASSES);
  // tfjs Adam defaults, so the figure behaves like the exercise.
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-7;
  const states: StepState[] = [];

  for (let t = 0; t <= cfg.steps; t++) {
    const z = logits(phi, n, n, w, b);
    const labels = new Int8Array(n).fill(-1);
    labeled.forEach((i) => (labels[i] = truth[i]!));
    let numPseudo = 0;
    let wrong = 0;
    let right = 0;
    for (const i of unlabeled) {
      const p1 = prob1(z[i * 2]!, z[i * 2 + 1]!);
      const cls = p1 > 0.5 ? 1 : 0;
      if (cls === truth[i]) right++;
      if (Math.max(p1, 1 - p1) >= cfg.threshold) {
        labels[i] = cls;
        numPseudo++;
        if (cls !== truth[i]) wrong++;
      }
    }
    const zg = logits(phiGrid, grid.length, n, w, b);
    const confident = new Uint8Array(grid.length);
    for (let g = 0; g < grid.length; g++) {
      const p1 = prob1(zg[g * 2]!, zg[g * 2 + 1]!);
      if (Math.max(p1, 1 - p1) >= cfg.threshold) confident[g] = p1 > 0.5 ? 2 : 1;
    }
    const weight = rampUp(t, cfg.T1, cfg.T2, cfg.alphaF);
    states.push({ labels, numPseudo, wrong, accuracy: right / Math.max(unlabeled.length, 1), weight, confident });
    if (t === cfg.steps) break;

    // dLoss/dz: (p - target) / nL for labeled rows, weight * mask * (p - target) / nU for the rest.
    const g = new Float64Array(size);
    for (const i of labeled) {
      const p1 = prob1(z[i * 2]!, z[i * 2 + 1]!);
      const y = truth[i]!;
      g[i * 2] = (1 - p1 - (y === 0 ? 1 : 0)) / labeled.length;
      g[i * 2 + 1] = (p1 - (y === 1 ? 1 : 0)) / labeled.length;
    }
    if (weight > 0) {
      for (const i of unlabeled) {
        const target = labels[i]!;
        if (target < 0) continue;
        const p1 = prob1(z[i * 2]!, z[i * 2 + 1]!);
        const s = weight / unlabeled.length;
        g[i * 2] = s * (1 - p1 - (target === 0 ? 1 : 0));
        g[i * 2 + 1] = s * (p1 - (target === 1 ? 1 : 0));
      }
    }
    const gW = new Float64Array(size);
    const gB = new Float64Array(CLASSES);
    for (let i = 0; i < n; i++) {
      const g0 = g[i * 2]!;
      const g1 = g[i * 2 + 1]!;
      if (g0 === 0 && g1 === 0) continue;
      gB[0] = gB[0]! + g0;
      gB[1] = gB[1]! + g1;
      for (let j = 0; j < n; j++) {
        const f = phi[i * n + j]!;
        if (f < 1e-12) continue;
        gW[j * 2] = gW[j * 2]! + f * g0;
        gW[j * 2 + 1] = gW[j * 2 + 1]! + f * g1;
      }
    }
    const step = t + 1;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    const adam = (param: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array) => {
      for (let k = 0; k < param.length; k++) {
        m[k] = beta1 * m[k]! + (1 - beta1) * grad[k]!;
        v[k] = beta2 * v[k]! + (1 - beta2) * grad[k]! * grad[k]!;
        param[k] = param[k]! - (cfg.learningRate * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + eps);
      }
    };
    adam(w, gW, mW, vW);
    adam(b, gB, mB, vB);
  }
  return states;
}

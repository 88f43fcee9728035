import { gaussian, mulberry32 } from './prng';

// Paired "views" for contrastive learning without images. Each sample has a hidden content
// vector c; each of its two views mixes c with fresh view-specific nuisance n through one fixed
// matrix M: x = M [c; n] + noise. The two views of a sample share only c, so an encoder that
// makes them agree must learn to keep c and discard n. A random linear encoder keeps both.

export type TwoViewOptions = {
  /** Number of samples (each gives one row in view1 and one in view2). */
  n: number;
  /** Seed of this batch's contents, nuisances and noise. */
  seed: number;
  /** Seed of the mixing matrix M: keep it fixed across batches of one task. */
  mixSeed: number;
  /** Observed dimension (columns of each view). */
  dim?: number;
  contentDim?: number;
  nuisanceDim?: number;
  /** Standard deviation of the nuisance coordinates (content has standard deviation 1). */
  nuisance?: number;
  /** Standard deviation of isotropic noise added to every observed coordinate. */
  noise?: number;
};

export type TwoViewBatch = {
  /** n x dim, row-major: view1[i] and view2[i] are the two views of sample i. */
  view1: Float32Array;
  view2: Float32Array;
  /** n x contentDim, row-major: what the two views share. */
  content: Float32Array;
  n: number;
  dim: number;
};

/** The fixed dim x (contentDim + nuisanceDim) mixing matrix of a task, with unit-variance columns overall. */
export function mixingMatrix(mixSeed: number, dim: number, hidden: number): Float64Array {
  const normal = gaussian(mulberry32(mixSeed));
  const m = new Float64Array(dim * hidden);
  for (let k = 0; k < m.length; k++) m[k] = normal() / Math.sqrt(hidden);
  return m;
}

export function makeTwoViews(options: TwoViewOptions): TwoViewBatch {
  const dim = options.dim ?? 16;
  const contentDim = options.contentDim ?? 4;
  const nuisanceDim = options.nuisanceDim ?? 8;
  const nuisance = options.nuisance ?? 1.5;
  const noise = options.noise ?? 0.05;
  const hidden = contentDim + nuisanceDim;
  const m = mixingMatrix(options.mixSeed, dim, hidden);
  const normal = gaussian(mulberry32(options.seed));
  const view1 = new Float32Array(options.n * dim);
  const view2 = new Float32Array(options.n * dim);
  const content = new Float32Array(options.n * contentDim);
  const h = new Float64Array(hidden);
  for (let i = 0; i < options.n; i++) {
    for (let j = 0; j < contentDim; j++) content[i * contentDim + j] = h[j] = normal();
    for (const view of [view1, view2]) {
      for (let j = contentDim; j < hidden; j++) h[j] = nuisance * normal();
      for (let r = 0; r < dim; r++) {
        let s = 0;
        for (let j = 0; j < hidden; j++) s += m[r * hidden + j]! * h[j]!;
        view[i * dim + r] = s + noise * normal();
      }
    }
  }
  return { view1, view2, content, n: options.n, dim };
}

import * as tf from '@tensorflow/tfjs';

// Label spreading and label propagation.
//
// You have n points X (one per row). Only a few of them carry a label. The idea of graph-based
// semi-supervised learning: points that are close to each other probably share a label, so we
// build a graph whose edges say "these two are similar" and let the known labels flow along it.
//
// Labels are given as a matrix Y of shape [n, classes]: a labeled point has a one-hot row
// (a 1 in the column of its class), an unlabeled point has a row of zeros. The result F has the
// same shape; the predicted class of point i is the column where row i of F is largest.
//
// Every function returns a new tensor (never one of its inputs), must not dispose the tensors it
// is given, and must not leave temporary tensors behind: wrap the body in tf.tidy(() => { ... })
// and return the result from inside it.

/**
 * Task 1. The affinity (similarity) matrix of the points.
 *
 *   W[i][j] = exp(-gamma * ||x_i - x_j||^2)   for i != j
 *   W[i][i] = 0
 *
 * ||x_i - x_j||^2 is the squared Euclidean distance (summed over all features, no square root).
 * Close points get weights near 1, far points weights near 0. The diagonal is 0 so that a point
 * never counts as its own neighbour.
 *
 * @param X     points, shape [n, d]
 * @param gamma how quickly similarity decays with distance (larger = more local)
 * @returns     W, shape [n, n], symmetric
 */
export function buildAffinity(X: tf.Tensor2D, gamma: number): tf.Tensor2D {
  throw new Error('TODO: task 1, build the affinity matrix W');
}

/**
 * Task 2. Symmetric normalization of the graph.
 *
 *   d_i = sum_j W[i][j]          (the degree of node i)
 *   S[i][j] = W[i][j] / sqrt(d_i * d_j)
 *
 * In matrix form S = D^(-1/2) W D^(-1/2), with D the diagonal matrix of degrees. It keeps S
 * symmetric and stops well-connected nodes from dominating the others.
 *
 * @param W affinity matrix, shape [n, n]
 * @returns S, shape [n, n]
 */
export function normalizeSym(W: tf.Tensor2D): tf.Tensor2D {
  throw new Error('TODO: task 2, normalize W symmetrically');
}

/**
 * Task 3. Label spreading (Zhou et al., 2004).
 *
 * Start from F = Y, then repeat `iters` times:
 *
 *   F = alpha * S F + (1 - alpha) * Y
 *
 * (S F is a matrix product.) Each step, every node takes a weighted average of its neighbours'
 * labels (the alpha part) and is pulled back a little towards its original label (the 1 - alpha
 * part). With alpha = 0 nothing moves; close to 1, labels travel far along the graph. Labeled
 * nodes are allowed to change: this is "soft" clamping.
 *
 * @param S     normalized graph from task 2, shape [n, n]
 * @param Y     initial labels, shape [n, classes] (one-hot rows, zero rows for unlabeled points)
 * @param alpha between 0 and 1
 * @param iters number of updates (0 means: return a copy of Y)
 * @returns     F after `iters` updates, shape [n, classes]
 */
export function labelSpreading(
  S: tf.Tensor2D,
  Y: tf.Tensor2D,
  alpha: number,
  iters: number,
): tf.Tensor2D {
  throw new Error('TODO: task 3, iterate label spreading');
}

/**
 * Task 4. Label propagation with hard clamping (Zhu & Ghahramani, 2002).
 *
 * Here the graph is turned into a random walk: P = D^(-1) W, i.e. each row of W divided by its
 * own sum, so every row of P sums to 1. Start from F = Y, then repeat `iters` times:
 *
 *   F = P F                        (every node averages its neighbours)
 *   F[i] = Y[i] for every labeled i (labeled nodes are put back: "hard" clamping)
 *
 * @param W           affinity matrix from task 1, shape [n, n] (not normalized)
 * @param Y           initial labels, shape [n, classes]
 * @param labeledMask shape [n], 1 for labeled points and 0 for unlabeled ones (float32)
 * @param iters       number of updates (0 means: return a copy of Y)
 * @returns           F after `iters` updates, shape [n, classes]; labeled rows exactly equal Y
 */
export function labelPropagationHard(
  W: tf.Tensor2D,
  Y: tf.Tensor2D,
  labeledMask: tf.Tensor1D,
  iters: number,
): tf.Tensor2D {
  throw new Error('TODO: task 4, iterate label propagation with clamping');
}

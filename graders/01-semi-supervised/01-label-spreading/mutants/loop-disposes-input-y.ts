// mutant: manual disposal in the spreading loop starts from F = Y, so the first F.dispose() frees the caller's Y
import * as tf from '@tensorflow/tfjs';

// Style: Gram-matrix distances, outer products, tf.where clamping, manual disposal per step.

export function buildAffinity(X: tf.Tensor2D, gamma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = X.shape[0];
    const sq = tf.sum(tf.mul(X, X), 1); // [n]
    const gram = tf.matMul(X, X, false, true);
    const d2 = tf.relu(tf.sub(tf.add(sq.reshape([n, 1]), sq.reshape([1, n])), tf.mul(2, gram)));
    const offDiag = tf.logicalNot(tf.cast(tf.eye(n), 'bool'));
    return tf.where(offDiag, tf.exp(tf.mul(-gamma, d2)), tf.zeros([n, n])) as tf.Tensor2D;
  });
}

export function normalizeSym(W: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const d = tf.sum(W, 0) as tf.Tensor1D; // column sums = row sums for a symmetric W
    const denom = tf.sqrt(tf.outerProduct(d, d));
    return tf.div(W, denom) as tf.Tensor2D;
  });
}

export function labelSpreading(S: tf.Tensor2D, Y: tf.Tensor2D, alpha: number, iters: number): tf.Tensor2D {
  const prior = tf.mul(Y, 1 - alpha);
  const aS = tf.mul(S, alpha);
  let F = Y;
  for (let t = 0; t < iters; t++) {
    const next = tf.tidy(() => tf.add(tf.matMul(aS, F), prior) as tf.Tensor2D);
    F.dispose();
    F = next;
  }
  prior.dispose();
  aS.dispose();
  return F;
}

export function labelPropagationHard(W: tf.Tensor2D, Y: tf.Tensor2D, labeledMask: tf.Tensor1D, iters: number): tf.Tensor2D {
  const [n, c] = Y.shape;
  const P = tf.tidy(() => tf.div(W, tf.sum(W, 1).expandDims(1)) as tf.Tensor2D);
  const isLabeled = tf.tidy(() => tf.tile(tf.greater(labeledMask, 0.5).expandDims(1), [1, c]));
  let F = tf.clone(Y) as tf.Tensor2D;
  for (let t = 0; t < iters; t++) {
    const next = tf.tidy(() => tf.where(isLabeled, Y, tf.matMul(P, F)) as tf.Tensor2D);
    F.dispose();
    F = next;
  }
  P.dispose();
  isLabeled.dispose();
  void n;
  return F;
}

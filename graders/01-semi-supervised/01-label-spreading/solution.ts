import * as tf from '@tensorflow/tfjs';

/** Searched for in client bundles by a build check: this file must never ship to the browser. */
export const SOLUTION_CANARY = 'canary-solution-label-spreading-c41d';

export function buildAffinity(X: tf.Tensor2D, gamma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = X.shape[0];
    // Broadcasting the differences (n x n x d) is exact enough in float32; the ‖a‖²+‖b‖²−2ab
    // expansion is cheaper for large n but loses digits for nearby points.
    const diff = tf.sub(X.expandDims(1), X.expandDims(0));
    const sqDist = diff.square().sum(2);
    const W = sqDist.mul(-gamma).exp();
    // A node must not vote for its own label, so self-similarity is removed.
    return W.mul(tf.sub(1, tf.eye(n))) as tf.Tensor2D;
  });
}

export function normalizeSym(W: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const degree = W.sum(1);
    // An isolated node (degree 0) would give 0 * Infinity = NaN; it simply gets no neighbours.
    const invSqrt = tf.where(degree.greater(0), degree.rsqrt(), tf.zerosLike(degree));
    return W.mul(invSqrt.reshape([-1, 1])).mul(invSqrt.reshape([1, -1])) as tf.Tensor2D;
  });
}

export function labelSpreading(
  S: tf.Tensor2D,
  Y: tf.Tensor2D,
  alpha: number,
  iters: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    // The pull back towards the given labels is the same every step, so it is computed once.
    const prior = Y.mul(1 - alpha);
    // A copy, so the caller may dispose the result without touching their own Y.
    let F: tf.Tensor2D = Y.clone();
    for (let t = 0; t < iters; t++) {
      F = S.matMul(F).mul(alpha).add(prior);
    }
    return F;
  });
}

export function labelPropagationHard(
  W: tf.Tensor2D,
  Y: tf.Tensor2D,
  labeledMask: tf.Tensor1D,
  iters: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const P = W.div(W.sum(1, true));
    const keep = labeledMask.cast('float32').reshape([-1, 1]);
    const free = tf.sub(1, keep);
    const clamped = Y.mul(keep);
    let F: tf.Tensor2D = Y.clone();
    for (let t = 0; t < iters; t++) {
      // Multiplying by exactly 0 or 1 puts the labeled rows back bit-for-bit.
      F = P.matMul(F).mul(free).add(clamped);
    }
    return F;
  });
}

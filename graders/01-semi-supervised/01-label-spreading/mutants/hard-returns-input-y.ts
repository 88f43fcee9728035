// mutant: labelPropagationHard starts from F = Y (no clone), so iters = 0 returns the caller's Y itself
import * as tf from '@tensorflow/tfjs';

export function buildAffinity(X: tf.Tensor2D, gamma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = X.shape[0];
    const diff = X.expandDims(1).sub(X.expandDims(0));
    const d2 = diff.square().sum(2);
    const W = tf.exp(d2.mul(-gamma));
    return W.mul(tf.onesLike(W).sub(tf.eye(n))) as tf.Tensor2D;
  });
}

export function normalizeSym(W: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = W.shape[0];
    const r = tf.rsqrt(W.sum(1));
    return W.mul(r.reshape([n, 1])).mul(r.reshape([1, n])) as tf.Tensor2D;
  });
}

export function labelSpreading(S: tf.Tensor2D, Y: tf.Tensor2D, alpha: number, iters: number): tf.Tensor2D {
  return tf.tidy(() => {
    const prior = Y.mul(1 - alpha);
    let F: tf.Tensor2D = Y.clone();
    for (let t = 0; t < iters; t++) {
      F = S.matMul(F).mul(alpha).add(prior) as tf.Tensor2D;
    }
    return F;
  });
}

export function labelPropagationHard(W: tf.Tensor2D, Y: tf.Tensor2D, labeledMask: tf.Tensor1D, iters: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = W.shape[0];
    const P = W.div(W.sum(1, true)) as tf.Tensor2D;
    const m = labeledMask.reshape([n, 1]);
    const keep = tf.scalar(1).sub(m);
    const clampPart = Y.mul(m);
    let F: tf.Tensor2D = Y;
    for (let t = 0; t < iters; t++) {
      F = P.matMul(F).mul(keep).add(clampPart) as tf.Tensor2D;
    }
    return F;
  });
}

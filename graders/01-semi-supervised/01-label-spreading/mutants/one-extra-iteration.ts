// mutant: off by one: the spreading loop runs iters + 1 updates
import * as tf from '@tensorflow/tfjs';

export function buildAffinity(X: tf.Tensor2D, gamma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = X.shape[0];
    const diff = tf.sub(X.expandDims(1), X.expandDims(0));
    const sqDist = diff.square().sum(2);
    const W = sqDist.mul(-gamma).exp();
    return W.mul(tf.sub(1, tf.eye(n))) as tf.Tensor2D;
  });
}

export function normalizeSym(W: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const r = W.sum(1).rsqrt();
    return W.mul(r.reshape([-1, 1])).mul(r.reshape([1, -1])) as tf.Tensor2D;
  });
}

export function labelSpreading(
  S: tf.Tensor2D,
  Y: tf.Tensor2D,
  alpha: number,
  iters: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const prior = Y.mul(1 - alpha);
    let F: tf.Tensor2D = Y.clone();
    for (let t = 0; t <= iters; t++) {
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
    const m = labeledMask.reshape([-1, 1]);
    let F: tf.Tensor2D = Y.clone();
    for (let t = 0; t < iters; t++) {
      F = P.matMul(F).mul(tf.sub(1, m)).add(Y.mul(m));
    }
    return F;
  });
}

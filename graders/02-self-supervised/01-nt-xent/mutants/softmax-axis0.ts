// mutant: SimCLR-code layout ([ab, aa] logits per view) with the log-softmax normalised over axis 0 (columns) instead of axis 1
import * as tf from '@tensorflow/tfjs';

export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => z.div(z.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D);
}

function side(a: tf.Tensor2D, b: tf.Tensor2D, temperature: number): tf.Tensor {
  const n = a.shape[0];
  const ab = tf.matMul(a, b, false, true).div(temperature);
  const aa = tf.matMul(a, a, false, true).div(temperature).sub(tf.eye(n).mul(1e9));
  const logits = tf.concat([ab, aa], 1);
  const labels = tf.oneHot(tf.range(0, n, 1, 'int32'), 2 * n);
  // tf.logSoftmax only supports the last axis, so the log-softmax is written out by hand.
  const logProb = logits.sub(logits.logSumExp(0, true));
  return logProb.mul(labels).sum(1).neg();
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const a = l2Normalize(z1);
    const b = l2Normalize(z2);
    return tf.concat([side(a, b, temperature), side(b, a, temperature)]).mean() as tf.Scalar;
  });
}

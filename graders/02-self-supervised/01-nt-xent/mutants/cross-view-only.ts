// mutant: drops the same-view negatives: each anchor only competes against the N rows of the other view
import * as tf from '@tensorflow/tfjs';

export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => z.div(z.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D);
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const a = l2Normalize(z1);
    const b = l2Normalize(z2);
    const ab = tf.matMul(a, b, false, true).div(temperature);
    const labels = tf.oneHot(tf.range(0, n, 1, 'int32'), n);
    const forward = tf.logSoftmax(ab, 1).mul(labels).sum(1);
    const backward = tf.logSoftmax(ab.transpose(), 1).mul(labels).sum(1);
    return tf.concat([forward, backward]).mean().neg() as tf.Scalar;
  });
}

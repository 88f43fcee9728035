// mutant: forgets to mask self-similarity, so each anchor also competes with itself
import * as tf from '@tensorflow/tfjs';

export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => z.div(z.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D);
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const z = l2Normalize(tf.concat([z1, z2], 0));
    const logits = tf.matMul(z, z, false, true).div(temperature);
    const partners = tf.concat([tf.range(n, 2 * n, 1, 'int32'), tf.range(0, n, 1, 'int32')]);
    return tf.logSoftmax(logits, 1).mul(tf.oneHot(partners, 2 * n)).sum(1).mean().neg() as tf.Scalar;
  });
}

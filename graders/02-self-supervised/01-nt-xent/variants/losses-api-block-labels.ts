// variant: tf.losses.softmaxCrossEntropy with block-identity labels and a -1e4 diagonal mask
import * as tf from '@tensorflow/tfjs';

// Style: tf.losses.softmaxCrossEntropy with a permuted identity as labels, mask -1e4 via a
// scaled identity, normalisation with tf.div and tf.sqrt.
export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12))) as tf.Tensor2D);
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const z = l2Normalize(tf.concat([z1, z2]));
    const logits = tf.matMul(z, z.transpose()).div(tf.scalar(temperature)).add(tf.eye(2 * n).mul(-1e4));
    const eyeN = tf.eye(n);
    const zeros = tf.zerosLike(eyeN);
    const labels = tf.concat([tf.concat([zeros, eyeN], 1), tf.concat([eyeN, zeros], 1)], 0);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  });
}

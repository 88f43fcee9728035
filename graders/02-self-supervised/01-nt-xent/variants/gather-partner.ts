// variant: matMul similarities, a -1e9 diagonal mask, the partner log-probabilities picked with tf.gather from the flattened log-softmax
import * as tf from '@tensorflow/tfjs';

export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => z.div(z.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D);
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const z = l2Normalize(tf.concat([z1, z2], 0));
    const logits = tf.matMul(z, z, false, true).div(temperature).sub(tf.eye(2 * n).mul(1e9));
    const partners = tf.concat([tf.range(n, 2 * n, 1, 'int32'), tf.range(0, n, 1, 'int32')]);
    // pick logp[k][partner(k)] from the flattened matrix
    const flatIdx = tf.range(0, 2 * n, 1, 'int32').mul(tf.scalar(2 * n, 'int32')).add(partners);
    return tf.gather(tf.logSoftmax(logits, 1).reshape([4 * n * n]), flatIdx).neg().mean() as tf.Scalar;
  });
}

// mutant: computes log(exp(s_partner) / sum exp(s)) by hand, which overflows to NaN once 1/temperature passes 88
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
    const onehot = tf.oneHot(partners as tf.Tensor1D, 2 * n);
    const e = logits.exp();
    const p = e.mul(onehot).sum(1).div(e.sum(1));
    return p.log().neg().mean() as tf.Scalar;
  });
}

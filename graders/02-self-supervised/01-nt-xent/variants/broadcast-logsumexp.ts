// variant: rsqrt normalisation, similarities by broadcasting mul + sum, tf.where mask, logSumExp minus the partner logit
import * as tf from '@tensorflow/tfjs';

// Style: rsqrt + mul; similarities by broadcasting mul + sum (no matMul); mask with tf.where;
// the cross-entropy written as logSumExp(row) - positive logit; positives from a row-wise dot product.
export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const inv = tf.rsqrt(tf.sum(tf.mul(z, z), -1, true).add(tf.scalar(1e-12)));
    return tf.mul(z, inv) as tf.Tensor2D;
  });
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const a = l2Normalize(z1);
    const b = l2Normalize(z2);
    const z = tf.concat([a, b], 0); // [2N, d]
    // sim[k][m] = sum_j z[k][j] * z[m][j]
    const sim = tf.sum(tf.mul(tf.expandDims(z, 1), tf.expandDims(z, 0)), 2); // [2N, 2N]
    const logits = tf.mul(sim, 1 / temperature);
    const diag = tf.cast(tf.eye(2 * n), 'bool');
    const masked = tf.where(diag, tf.fill([2 * n, 2 * n], -1e9), logits);
    const lse = tf.logSumExp(masked, 1); // [2N]
    const pos = tf.mul(a, b).sum(1).mul(1 / temperature); // [N]
    const pos2 = tf.concat([pos, pos], 0); // partner logits for both halves
    return tf.mean(tf.sub(lse, pos2)) as tf.Scalar;
  });
}

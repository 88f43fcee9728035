import * as tf from '@tensorflow/tfjs';

/** Searched for in client bundles by a build check: this file must never ship to the browser. */
export const SOLUTION_CANARY = 'canary-solution-nt-xent-6215';

export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    // The epsilon sits inside the root: sqrt'(0) is infinite, so tf.norm gives NaN gradients on a
    // zero row, while sqrt(0 + 1e-12) has a finite derivative and maps the zero row to zero.
    const length = z.square().sum(1, true).add(1e-12).sqrt();
    return z.div(length) as tf.Tensor2D;
  });
}

export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = z1.shape[0];
    const z = l2Normalize(tf.concat([z1, z2], 0));
    // Cosine similarities of all 2N x 2N pairs, sharpened by the temperature after normalising.
    const sim = tf.matMul(z, z, false, true).div(temperature);
    // A finite mask: exp(-1e9) underflows to exactly 0, while -Infinity would make 0 * Inf = NaN
    // appear in the backward pass.
    const logits = sim.sub(tf.eye(2 * n).mul(1e9));
    const partners = tf.concat([tf.range(n, 2 * n, 1, 'int32'), tf.range(0, n, 1, 'int32')]);
    const logProb = tf.logSoftmax(logits, 1);
    // The paper's average over all 2N anchors (SimCLR's code reports twice this).
    return logProb.mul(tf.oneHot(partners, 2 * n)).sum(1).mean().neg() as tf.Scalar;
  });
}

// variant: broadcasting mul + sum scores, logSumExp minus the positive score, context by slice, the target frame picked with tf.gather on the time axis
import * as tf from '@tensorflow/tfjs';

// Style: scores by broadcasting mul + sum, the loss as logSumExp minus the positive score
// (a row-wise dot product); context as sum / (t + 1) over a slice; target with tf.gather on the
// time axis.
export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const scores = tf.sum(tf.mul(tf.expandDims(pred, 1), tf.expandDims(target, 0)), 2).div(temperature); // [B, B]
    const positive = tf.sum(tf.mul(pred, target), 1).div(temperature); // [B]
    return tf.mean(tf.sub(tf.logSumExp(scores, 1), positive)) as tf.Scalar;
  });
}

export function makeContextTargetPairs(
  frames: tf.Tensor3D,
  t: number,
  k: number,
): { context: tf.Tensor2D; target: tf.Tensor2D } {
  return tf.tidy(() => {
    const past = tf.slice(frames, [0, 0, 0], [-1, t + 1, -1]);
    const context = tf.div(tf.sum(past, 1), t + 1) as tf.Tensor2D;
    const target = tf.squeeze(tf.gather(frames, [t + k], 1), [1]) as tf.Tensor2D;
    return { context, target };
  });
}

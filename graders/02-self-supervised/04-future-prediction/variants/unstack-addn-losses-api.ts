// variant: tf.losses.softmaxCrossEntropy with identity labels; unstack + addN context with manual disposal
import * as tf from '@tensorflow/tfjs';

// Style: tf.losses.softmaxCrossEntropy with identity labels; context by unstacking the time axis
// and adding frames 0..t with tf.addN; target from the unstacked list; manual disposal.
export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const B = pred.shape[0];
    const logits = tf.mul(tf.matMul(pred, tf.transpose(target)), 1 / temperature);
    return tf.losses.softmaxCrossEntropy(tf.eye(B), logits) as tf.Scalar;
  });
}

export function makeContextTargetPairs(
  frames: tf.Tensor3D,
  t: number,
  k: number,
): { context: tf.Tensor2D; target: tf.Tensor2D } {
  const steps = tf.unstack(frames, 1) as tf.Tensor2D[]; // T tensors of shape [B, D]
  const sum = tf.addN(steps.slice(0, t + 1));
  const count = tf.scalar(t + 1);
  const context = tf.div(sum, count) as tf.Tensor2D;
  const target = steps[t + k]!.clone();
  tf.dispose([sum, count]);
  tf.dispose(steps);
  return { context, target };
}

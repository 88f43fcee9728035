// mutant: the target is taken with squeeze(), which also drops the batch axis when B = 1 (shape [D] instead of [1, D])
import * as tf from '@tensorflow/tfjs';

export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const B = pred.shape[0];
    const logits = tf.matMul(pred, target, false, true).div(temperature);
    return tf.logSoftmax(logits).mul(tf.eye(B)).sum().neg().div(B) as tf.Scalar;
  });
}

export function makeContextTargetPairs(
  frames: tf.Tensor3D,
  t: number,
  k: number,
): { context: tf.Tensor2D; target: tf.Tensor2D } {
  return tf.tidy(() => {
    const [B, , D] = frames.shape;
    const context = frames.slice([0, 0, 0], [B, t + 1, D]).mean(1) as tf.Tensor2D;
    const target = frames.slice([0, t + k, 0], [B, 1, D]).squeeze() as tf.Tensor2D;
    return { context, target };
  });
}

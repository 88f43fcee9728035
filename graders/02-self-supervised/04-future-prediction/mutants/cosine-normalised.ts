// mutant: infoNCE l2-normalises pred and target first (cosine scores, as in NT-Xent), although the vectors are used as they are
import * as tf from '@tensorflow/tfjs';

export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const B = pred.shape[0];
    const unit = (x: tf.Tensor2D) => x.div(x.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D;
    const logits = tf.matMul(unit(pred), unit(target), false, true).div(temperature);
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
    const target = frames.slice([0, t + k, 0], [B, 1, D]).reshape([B, D]) as tf.Tensor2D;
    return { context, target };
  });
}

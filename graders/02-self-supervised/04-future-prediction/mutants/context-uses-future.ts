// mutant: the context averages all T frames, so it contains the future it should predict
import * as tf from '@tensorflow/tfjs';

export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const batch = pred.shape[0];
    // Row i scores prediction i against every target in the batch; only target i is right.
    const logits = tf.matMul(pred, target, false, true).div(temperature);
    // logSoftmax subtracts the row maximum first, so large scores cannot overflow exp().
    const logProbs = tf.logSoftmax(logits);
    return logProbs.mul(tf.eye(batch)).sum().div(-batch) as tf.Scalar;
  });
}

export function makeContextTargetPairs(
  frames: tf.Tensor3D,
  t: number,
  k: number,
): { context: tf.Tensor2D; target: tf.Tensor2D } {
  return tf.tidy(() => {
    const [batch, , dim] = frames.shape;
    // Frames 0..t inclusive: everything the model has heard up to now, nothing after.
    const context = frames.mean(1) as tf.Tensor2D;
    const target = frames.slice([0, t + k, 0], [batch, 1, dim]).reshape([batch, dim]) as tf.Tensor2D;
    return { context, target };
  });
}

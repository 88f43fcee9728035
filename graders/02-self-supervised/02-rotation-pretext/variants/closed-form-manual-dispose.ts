// variant: closed form per k (no loop), labels from a JS array, manual disposal in rotateBatch, hand-written stable log-softmax
import * as tf from '@tensorflow/tfjs';

// Style: one closed form per k (no loop), labels from a JS array, hand-written log-softmax
// cross-entropy with a one-hot mask, manual disposal instead of tf.tidy in rotateBatch.
export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  const turns = ((Math.trunc(k) % 4) + 4) % 4;
  if (turns === 0) return x.clone();
  if (turns === 2) return tf.reverse(x, [1, 2]);
  return tf.tidy(() => {
    const t = tf.transpose(x, [0, 2, 1, 3]);
    // counter-clockwise: reverse the rows; clockwise (k = 3): reverse the columns
    return tf.reverse(t, turns === 1 ? 1 : 2) as tf.Tensor4D;
  });
}

export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const n = x.shape[0];
  const parts = [rot90(x, 0), rot90(x, 1), rot90(x, 2), rot90(x, 3)];
  const images = tf.concat(parts, 0) as tf.Tensor4D;
  tf.dispose(parts);
  const labels = tf.tensor1d(Array.from({ length: 4 * n }, (_, i) => Math.floor(i / n)), 'int32');
  return { images, labels };
}

export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const m = logits.max(1, true);
    const shifted = logits.sub(m);
    const logp = shifted.sub(shifted.exp().sum(1, true).log());
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), 4).toFloat();
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, onehot), 1))) as tf.Scalar;
  });
}

// variant: reverse the columns then transpose, tf.stack + reshape, floorDiv labels, the label's log-probability picked with tf.gather
import * as tf from '@tensorflow/tfjs';

// Style: rot90 via reverse-then-transpose (reverse columns first), k handled by recursion;
// rotateBatch via tf.stack + reshape, labels by tf.range / floorDiv; loss via tf.gather on the
// flattened log-probabilities.
export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  const turns = ((k % 4) + 4) % 4;
  return tf.tidy(() => {
    let out: tf.Tensor4D = x.clone();
    for (let i = 0; i < turns; i++) {
      // reverse the columns, then transpose: also a counter-clockwise quarter turn
      out = tf.transpose(tf.reverse(out, 2), [0, 2, 1, 3]) as tf.Tensor4D;
    }
    return out;
  });
}

export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const [n, s, , c] = x.shape;
    const stacked = tf.stack([rot90(x, 0), rot90(x, 1), rot90(x, 2), rot90(x, 3)]); // [4, n, s, s, c]
    const images = stacked.reshape([4 * n, s, s, c]) as tf.Tensor4D;
    const labels = tf.floorDiv(tf.range(0, 4 * n, 1, 'int32'), tf.scalar(n, 'int32')) as tf.Tensor1D;
    return { images, labels };
  });
}

export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const b = logits.shape[0];
    const logp = tf.logSoftmax(logits).reshape([b * 4]);
    const idx = tf.range(0, b, 1, 'int32').mul(tf.scalar(4, 'int32')).add(labels.toInt());
    return tf.gather(logp, idx).mean().neg() as tf.Scalar;
  });
}

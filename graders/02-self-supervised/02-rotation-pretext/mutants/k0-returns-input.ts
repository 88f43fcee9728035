// mutant: rot90 returns x itself (not a copy) for k = 0
import * as tf from '@tensorflow/tfjs';

export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    const turns = ((k % 4) + 4) % 4;
    let out: tf.Tensor4D = x;
    for (let i = 0; i < turns; i++) {
      out = tf.reverse(tf.transpose(out, [0, 2, 1, 3]), 1) as tf.Tensor4D;
    }
    return out;
  });
}

export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const n = x.shape[0];
    const images = tf.concat([0, 1, 2, 3].map((k) => rot90(x, k)), 0) as tf.Tensor4D;
    const labels = tf.concat([0, 1, 2, 3].map((k) => tf.fill([n], k, 'int32')), 0) as tf.Tensor1D;
    return { images, labels };
  });
}

export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels.toInt(), 4), logits) as tf.Scalar);
}

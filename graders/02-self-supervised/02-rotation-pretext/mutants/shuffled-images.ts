// mutant: rotateBatch shuffles the images to mix rotations but leaves the labels in block order
import * as tf from '@tensorflow/tfjs';

export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    let y: tf.Tensor4D = x.clone();
    for (let t = 0; t < ((k % 4) + 4) % 4; t++) y = tf.reverse(tf.transpose(y, [0, 2, 1, 3]), 1);
    return y;
  });
}

export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const n = x.shape[0];
    const stacked = tf.concat([0, 1, 2, 3].map((k) => rot90(x, k)), 0);
    const order = Array.from({ length: 4 * n }, (_, i) => (i * 7 + 3) % (4 * n));
    const images = tf.gather(stacked, tf.tensor1d(order, 'int32')) as tf.Tensor4D;
    const labels = tf.concat([0, 1, 2, 3].map((k) => tf.fill([n], k, 'int32'))) as tf.Tensor1D;
    return { images, labels };
  });
}

export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels.toInt(), 4), logits) as tf.Scalar);
}

import * as tf from '@tensorflow/tfjs';

/** Searched for in client bundles by a build check: this file must never ship to the browser. */
export const SOLUTION_CANARY = 'canary-solution-rotation-pretext-9e30';

export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  return tf.tidy(() => {
    // Only k mod 4 matters; the double modulo maps negative k (clockwise turns) into 0..3.
    const turns = ((k % 4) + 4) % 4;
    // A copy even for turns = 0, so that disposing the result never disposes the caller's input.
    let y: tf.Tensor4D = x.clone();
    for (let t = 0; t < turns; t++) {
      // Transposing H and W mirrors the image across its diagonal; reversing the rows (axis 1)
      // then turns that mirror image into a counter-clockwise quarter turn.
      y = tf.reverse(tf.transpose(y, [0, 2, 1, 3]), 1);
    }
    return y;
  });
}

export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const n = x.shape[0];
    // Block k holds every image turned k times, so label k repeats n times in the same order.
    const images = tf.concat([0, 1, 2, 3].map((k) => rot90(x, k)), 0) as tf.Tensor4D;
    const labels = tf.concat([0, 1, 2, 3].map((k) => tf.fill([n], k, 'int32'))) as tf.Tensor1D;
    return { images, labels };
  });
}

export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    // tf.oneHot needs int32 indices; softmaxCrossEntropy takes the labels FIRST and averages
    // over the batch by default.
    const onehot = tf.oneHot(labels.toInt(), 4);
    return tf.losses.softmaxCrossEntropy(onehot, logits) as tf.Scalar;
  });
}

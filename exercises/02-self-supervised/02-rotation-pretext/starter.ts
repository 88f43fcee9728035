import * as tf from '@tensorflow/tfjs';

// Rotation prediction (RotNet, Gidaris, Singh and Komodakis, 2018).
//
// We have images but no labels. So we make labels up: turn each image by 0, 90, 180 or 270
// degrees and train a network to say which turn it was given. To answer, the network has to
// notice where the top of a shape is, which is already a good part of knowing what the shape is.
//
// Images are NHWC tensors: [batch, height, width, channels], with row 0 at the TOP of the image.
// "Counter-clockwise" means as the image is displayed.
//
// Every function returns new tensors and must not leave temporary tensors behind: wrap the body
// in tf.tidy(() => { ... }) and return the result from inside it.

/**
 * Task 1. Turn every image of the batch by k quarter turns (k * 90 degrees) counter-clockwise.
 *
 * One quarter turn makes the top row the left column (read from the bottom up):
 *
 *   1 2 3        3 6 9
 *   4 5 6   ->   2 5 8
 *   7 8 9        1 4 7
 *
 * A quarter turn is a transpose of height and width (tf.transpose with perm [0, 2, 1, 3]) followed
 * by tf.reverse along one of the two spatial axes; which one decides the direction. k may be any
 * integer: only k mod 4 matters, and k = -1 is one clockwise turn (the same as k = 3). For k = 0,
 * return a copy (x.clone()), not x itself.
 *
 * @param x batch of images, shape [n, h, w, c] (h and w may differ)
 * @param k number of counter-clockwise quarter turns
 * @returns shape [n, w, h, c] for odd k, [n, h, w, c] for even k
 */
export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  throw new Error('TODO: task 1, turn the images by k quarter turns');
}

/**
 * Task 2. The pretext batch: every image in all four rotations, with the rotation as its label.
 *
 *   images = [ x turned 0 times ; x turned once ; x turned twice ; x turned three times ]
 *   labels = [ 0 (n times), 1 (n times), 2 (n times), 3 (n times) ]
 *
 * So image k * n + i is image i turned k times, and its label is k. Labels are int32.
 *
 * @param x batch of SQUARE images, shape [n, s, s, c]
 * @returns images of shape [4n, s, s, c] and labels of shape [4n] (int32)
 */
export function rotateBatch(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  throw new Error('TODO: task 2, build the rotated batch and its labels');
}

/**
 * Task 3. The loss of the rotation classifier: mean 4-way cross-entropy.
 *
 *   loss = mean over rows b of  -log softmax(logits[b])[labels[b]]
 *
 * tf.oneHot is a simple way to pick the label's entry of each row; tf.gather works too.
 *
 * @param logits network outputs, shape [B, 4] (one score per rotation)
 * @param labels the true rotations, shape [B], int32 values in 0..3
 * @returns a scalar tensor
 */
export function rotationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  throw new Error('TODO: task 3, write the rotation loss');
}

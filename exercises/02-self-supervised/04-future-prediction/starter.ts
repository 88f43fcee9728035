import * as tf from '@tensorflow/tfjs';

// Future prediction with InfoNCE, the idea behind Contrastive Predictive Coding (CPC).
//
// A signal (think of a short audio clip) is cut into frames, and an encoder turns every frame into
// a vector. Those encoded frames arrive here as a tensor of shape [B, T, D]: B signals in a batch,
// T frames each, D numbers per frame.
//
// The pretext task: standing at frame t, summarise everything heard so far into a context vector
// and predict the frame k steps ahead. Instead of reconstructing that future frame number by number,
// the model only has to recognise it among the futures of the other signals in the batch. The
// labels again come for free: the right answer is simply "your own future".
//
// The tests train a small encoder with your two functions on synthetic tones, on TensorFlow.js's
// wasm backend.

/**
 * Task 1. The InfoNCE loss with in-batch negatives.
 *
 *   logits[i][j] = (pred_i · target_j) / temperature        (a B x B matrix)
 *   loss_i       = -log softmax(logits[i])[i]                (row i: which target belongs to me?)
 *   loss         = mean over i of loss_i
 *
 * pred_i is the model's guess of the future of signal i; target_i is that true future. The other
 * B - 1 targets in the same row act as negatives. The vectors are used as they are (no
 * normalisation).
 *
 * @param pred        predictions, shape [B, D]
 * @param target      true futures, shape [B, D]; row i belongs to pred row i
 * @param temperature divides every score; smaller values make the softmax sharper
 * @returns           a scalar tensor; wrap the body in tf.tidy
 */
export function infoNCE(pred: tf.Tensor2D, target: tf.Tensor2D, temperature: number): tf.Scalar {
  throw new Error('TODO: task 1, the InfoNCE loss');
}

/**
 * Task 2. Build the (context, target) pair of every signal in the batch.
 *
 *   context[b] = mean of frames[b][0], frames[b][1], ..., frames[b][t]   (t included)
 *   target[b]  = frames[b][t + k]
 *
 * The context may only use frames up to and including t: it is what the model has heard "so
 * far". One frame from the future in the context and the task becomes copying, not predicting.
 *
 * @param frames encoded frames, shape [B, T, D]
 * @param t      index of the present frame, 0 <= t
 * @param k      how many frames ahead to predict, k >= 1 and t + k <= T - 1
 * @returns      { context, target }, both of shape [B, D]; wrap the body in tf.tidy
 */
export function makeContextTargetPairs(
  frames: tf.Tensor3D,
  t: number,
  k: number,
): { context: tf.Tensor2D; target: tf.Tensor2D } {
  throw new Error('TODO: task 2, context and target pairs');
}

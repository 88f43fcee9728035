import * as tf from '@tensorflow/tfjs';

// The NT-Xent loss of SimCLR (Chen, Kornblith, Norouzi and Hinton, 2020).
//
// A batch holds N samples, and each sample was augmented twice. An encoder turned the two
// augmented copies into embeddings: row i of z1 and row i of z2 are the two "views" of sample i.
// Together that makes 2N embeddings. For every one of them (the "anchor"), the loss asks: among the
// 2N - 1 *other* embeddings, can you pick out your partner view? Everything else in the batch is a
// negative. The tests train a small encoder with your loss, so it must be built from tf operations
// only (no dataSync / arraySync inside), so that gradients can flow through it. They run on the
// wasm backend.
//
// Every function returns a new tensor and must not leave temporary tensors behind: wrap the body
// in tf.tidy(() => { ... }) and return the result from inside it.

/**
 * Task 1. Scale every row of z to unit Euclidean length.
 *
 *   out[i] = z[i] / sqrt(sum_j z[i][j]^2 + 1e-12)
 *
 * The tiny 1e-12 goes INSIDE the square root. A row of zeros then comes out as zeros (not NaN), and
 * the gradient stays finite there too: the derivative of sqrt at exactly 0 is infinite.
 *
 * @param z shape [n, d]
 * @returns shape [n, d]; every non-zero row has length 1 and points the same way as before
 */
export function l2Normalize(z: tf.Tensor2D): tf.Tensor2D {
  throw new Error('TODO: task 1, scale every row to unit length');
}

/**
 * Task 2. The NT-Xent loss, averaged over all 2N anchors (the paper's form).
 *
 * 1. Stack the views: z = [z1; z2], shape [2N, d], and l2-normalise every row (task 1).
 *    Row k of z and row k + N (mod 2N) are partners.
 * 2. Similarity logits: s[k][m] = (z[k] . z[m]) / temperature, a [2N, 2N] matrix. Divide AFTER
 *    normalising, so that every similarity lies in [-1/temperature, 1/temperature].
 * 3. An anchor must not count itself as a candidate: put a large negative number (say -1e9) on the
 *    diagonal of s. Do not use -Infinity: 0 * Infinity is NaN and it poisons the gradients.
 * 4. Per anchor k, with p(k) its partner:
 *      loss_k = -log( exp(s[k][p(k)]) / sum over m != k of exp(s[k][m]) )
 *    which is a cross-entropy over row k of s with the partner as the correct class. Take it with
 *    tf.logSoftmax (or tf.logSumExp), which subtract the row maximum before exp: the tests go down
 *    to temperature 0.01, where exp(1 / temperature) overflows float32. log(softmax(...)) fails
 *    too: it is log(0) on the masked diagonal.
 * 5. Return the mean of loss_k over all 2N anchors, as a scalar (shape []).
 *
 * Note: SimCLR's official code sums the two directions and averages over N, which is exactly twice
 * this value. We use the paper's 1/(2N) average.
 *
 * @param z1          first views, shape [N, d]
 * @param z2          second views, shape [N, d]; z2[i] is the partner of z1[i]
 * @param temperature tau > 0; smaller values make the softmax sharper
 * @returns           a scalar tensor
 */
export function ntXent(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature: number): tf.Scalar {
  throw new Error('TODO: task 2, compute the NT-Xent loss');
}

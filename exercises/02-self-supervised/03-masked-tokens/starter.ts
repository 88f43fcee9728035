import * as tf from '@tensorflow/tfjs';

// Masked-token prediction, the pretext task of BERT.
//
// A sentence is an array of token ids. Here they come from a tiny language of coloured shapes:
//
//   [CLS] red circle orange square yellow triangle [SEP] [PAD] ...
//
// Ids 0-3 are special ([PAD], [CLS], [SEP], [MASK]); ids 4-15 are the real words. We hide some
// words and train a model to put them back. The labels come from the text itself: no one has to
// annotate anything.
//
// You write the two pieces that decide what the model learns: which words are hidden and how
// (maskTokens), and how wrong guesses are scored (maskedLMLoss). The tests then train a small
// model with your code and check that it learns to fill in blanks.

export type MaskOptions = {
  /** Number of token ids; ids run from 0 to vocabSize - 1. */
  vocabSize: number;
  /** The id of [MASK]. It is always one of specialIds. */
  maskId: number;
  /** Ids that are never chosen and never used as a random replacement ([PAD], [CLS], [SEP], [MASK]). */
  specialIds: number[];
  /** Probability that a non-special position is chosen (0.15 in BERT). */
  pMask: number;
};

/**
 * Tasks 1 and 2. Prepare one batch of masked-language-model training data.
 *
 * Task 1, choosing: for every position whose token is NOT in specialIds, draw rng() once and
 * choose the position when the draw is below pMask (each position independently).
 *   - targets: an unchanged copy of tokens (what the model should predict);
 *   - weights: 1 at the chosen positions, 0 everywhere else.
 *
 * Task 2, corrupting: for every chosen position, draw rng() again:
 *   - below 0.8: replace the token by maskId;
 *   - below 0.9: replace it by a random real word, chosen uniformly among ALL the ids that are not
 *     in specialIds, the original word included (draw one more rng() for that);
 *   - otherwise: keep the original token (the position is still predicted, weight 1).
 * Positions that are not chosen keep their token in input.
 *
 * Use only rng for randomness (never Math.random), and do not modify `tokens`: build new arrays.
 *
 * @returns input (what the model sees), targets and weights, each with the shape of tokens
 */
export function maskTokens(
  tokens: number[][],
  opts: MaskOptions,
  rng: () => number,
): { input: number[][]; targets: number[][]; weights: number[][] } {
  throw new Error('TODO: tasks 1 and 2, choose positions and corrupt them');
}

/**
 * Task 3. The masked-language-model loss.
 *
 *   loss = sum over positions of weight * CE(position) / sum of weights
 *   CE(position) = -log softmax(logits at that position)[target]
 *
 * With 0/1 weights this is the mean cross-entropy over the chosen positions only: predicting an
 * unmasked word that the model can simply copy teaches nothing. When no weight is 1, return 0.
 *
 * @param logits  the model's scores, shape [batch, length, vocabSize]
 * @param targets the original token ids, shape [batch, length], int32
 * @param weights 1 at chosen positions and 0 elsewhere, shape [batch, length], float32
 * @returns       a scalar tensor; wrap the body in tf.tidy so nothing else is left behind
 */
export function maskedLMLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  throw new Error('TODO: task 3, cross-entropy over the chosen positions');
}

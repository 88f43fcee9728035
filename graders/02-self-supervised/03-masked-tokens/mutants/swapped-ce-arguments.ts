// mutant: tf.losses.softmaxCrossEntropy called with logits and labels swapped (labels come first)
import * as tf from '@tensorflow/tfjs';

export type MaskOptions = { vocabSize: number; maskId: number; specialIds: number[]; pMask: number };

export function maskTokens(
  tokens: number[][],
  opts: MaskOptions,
  rng: () => number,
): { input: number[][]; targets: number[][]; weights: number[][] } {
  const special = new Set([...opts.specialIds, opts.maskId]);
  // Random replacements come from real words only: a random [PAD] or [MASK] would teach nothing.
  const words: number[] = [];
  for (let id = 0; id < opts.vocabSize; id++) if (!special.has(id)) words.push(id);

  const input: number[][] = [];
  const targets: number[][] = [];
  const weights: number[][] = [];
  for (const row of tokens) {
    const inRow = [...row];
    const wRow = row.map(() => 0);
    row.forEach((token, j) => {
      if (special.has(token)) return;
      // One independent coin per position, so the expected share is exactly pMask.
      if (rng() >= opts.pMask) return;
      wRow[j] = 1;
      const r = rng();
      if (r < 0.8) inRow[j] = opts.maskId;
      else if (r < 0.9) inRow[j] = words[Math.floor(rng() * words.length)]!;
      // else: keep the original token, but it is still predicted (weight 1).
    });
    input.push(inRow);
    targets.push([...row]);
    weights.push(wRow);
  }
  return { input, targets, weights };
}

export function maskedLMLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const vocab = logits.shape[2];
    // log-softmax times one-hot picks log p(target) stably; tf.gather would do the same but has
    // no gradient on the wasm backend.
    const onehot = tf.oneHot(targets.cast('int32'), vocab);
    return tf.losses.softmaxCrossEntropy(logits, onehot, weights) as tf.Scalar;
  });
}

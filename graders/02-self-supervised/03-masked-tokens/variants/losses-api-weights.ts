// variant: structuredClone copies and a switch; tf.losses.softmaxCrossEntropy with weights, the empty case caught with dataSync
import * as tf from '@tensorflow/tfjs';

export type MaskOptions = { vocabSize: number; maskId: number; specialIds: number[]; pMask: number };

// Style: one draw sequence per position with an explicit switch, structuredClone for copies;
// the loss with tf.losses.softmaxCrossEntropy and its weights, with the empty case caught in JS.
export function maskTokens(
  tokens: number[][],
  opts: MaskOptions,
  rng: () => number,
): { input: number[][]; targets: number[][]; weights: number[][] } {
  const special = new Set(opts.specialIds);
  const pool = [...Array(opts.vocabSize).keys()].filter((id) => !special.has(id));
  const input = structuredClone(tokens);
  const targets = structuredClone(tokens);
  const weights = tokens.map((row) => new Array<number>(row.length).fill(0));
  tokens.forEach((row, b) => {
    row.forEach((tok, i) => {
      if (special.has(tok)) return;
      if (!(rng() < opts.pMask)) return;
      weights[b]![i] = 1;
      const r = rng();
      switch (true) {
        case r < 0.8:
          input[b]![i] = opts.maskId;
          break;
        case r < 0.9:
          input[b]![i] = pool[Math.floor(rng() * pool.length)]!;
          break;
        default:
          break;
      }
    });
  });
  return { input, targets, weights };
}

export function maskedLMLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const total = weights.sum().dataSync()[0]!;
    if (total === 0) return tf.scalar(0);
    const onehot = tf.oneHot(targets.toInt(), logits.shape[2]);
    return tf.losses.softmaxCrossEntropy(onehot, logits, weights) as tf.Scalar;
  });
}

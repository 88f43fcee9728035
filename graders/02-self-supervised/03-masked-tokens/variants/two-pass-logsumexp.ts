// variant: choose every position first, then corrupt (two passes); loss as logSumExp minus the target logit over sum(weights) + 1e-9
import * as tf from '@tensorflow/tfjs';

export type MaskOptions = { vocabSize: number; maskId: number; specialIds: number[]; pMask: number };

// Style: two passes over the whole batch (first choose every position, then corrupt the chosen
// ones), functional array building; the loss as logSumExp minus the target logit, divided by
// sum(weights) + tiny.
export function maskTokens(
  tokens: number[][],
  opts: MaskOptions,
  rng: () => number,
): { input: number[][]; targets: number[][]; weights: number[][] } {
  const isSpecial = (id: number) => opts.specialIds.includes(id);
  const realWords = Array.from({ length: opts.vocabSize }, (_, id) => id).filter((id) => !isSpecial(id));
  // Task 1: choose.
  const weights = tokens.map((row) => row.map((tok) => (!isSpecial(tok) && rng() < opts.pMask ? 1 : 0)));
  // Task 2: corrupt.
  const input = tokens.map((row, b) =>
    row.map((tok, i) => {
      if (weights[b]![i] !== 1) return tok;
      const r = rng();
      if (r < 0.8) return opts.maskId;
      if (r < 0.9) return realWords[Math.min(realWords.length - 1, Math.floor(rng() * realWords.length))]!;
      return tok;
    }),
  );
  const targets = tokens.map((row) => row.slice());
  return { input, targets, weights };
}

export function maskedLMLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [B, L, V] = logits.shape;
    const flat = logits.reshape([B * L, V]);
    const onehot = tf.oneHot(tf.cast(targets, 'int32').reshape([B * L]), V).toFloat();
    const picked = tf.sum(tf.mul(flat, onehot), 1);
    const ce = tf.sub(tf.logSumExp(flat, 1), picked);
    const w = weights.reshape([B * L]).toFloat();
    return tf.div(tf.sum(tf.mul(ce, w)), tf.add(tf.sum(w), 1e-9)) as tf.Scalar;
  });
}

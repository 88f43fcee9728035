// variant: maskedLMLoss picks log p(target) with tf.gather from the flattened log-softmax
import * as tf from '@tensorflow/tfjs';

export type MaskOptions = { vocabSize: number; maskId: number; specialIds: number[]; pMask: number };

export function maskTokens(
  tokens: number[][],
  opts: MaskOptions,
  rng: () => number,
): { input: number[][]; targets: number[][]; weights: number[][] } {
  const special = new Set(opts.specialIds);
  const words: number[] = [];
  for (let id = 0; id < opts.vocabSize; id++) if (!special.has(id)) words.push(id);
  const input: number[][] = [];
  const targets: number[][] = [];
  const weights: number[][] = [];
  for (const row of tokens) {
    const inRow = [...row];
    const wRow = row.map(() => 0);
    for (let i = 0; i < row.length; i++) {
      if (special.has(row[i]!)) continue;
      if (rng() < opts.pMask) {
        wRow[i] = 1;
        const r = rng();
        if (r < 0.8) inRow[i] = opts.maskId;
        else if (r < 0.9) inRow[i] = words[Math.floor(rng() * words.length)]!;
      }
    }
    input.push(inRow);
    targets.push([...row]);
    weights.push(wRow);
  }
  return { input, targets, weights };
}

export function maskedLMLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const V = logits.shape[2];
    const logp = tf.logSoftmax(logits, -1);
    const [b, l] = targets.shape;
    const flat = logp.reshape([b * l, V]);
    const idx = tf.range(0, b * l, 1, 'int32').mul(tf.scalar(V, 'int32')).add(targets.toInt().reshape([b * l]));
    const ce = tf.gather(flat.reshape([b * l * V]), idx).reshape([b, l]).neg();
    return ce.mul(weights).sum().div(weights.sum().maximum(1e-8)) as tf.Scalar;
  });
}

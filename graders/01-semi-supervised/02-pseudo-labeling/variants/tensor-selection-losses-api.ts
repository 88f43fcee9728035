// variant: a correct solution in another style: tensor-side selection (greaterEqual, argMax), tf.losses.softmaxCrossEntropy with Reduction.NONE, clamp-based ramp, probabilities gathered from one forward pass on X
import * as tf from '@tensorflow/tfjs';

// Style: selection in tensor land, tf.losses with Reduction.NONE, probabilities from one forward
// pass on all of X (rows gathered outside the gradient), clamp-based ramp, try/finally cleanup.

export type Classifier = {
  predict: (X: tf.Tensor2D) => tf.Tensor2D;
  variables: tf.Variable[];
};
export type SelfTrainOptions = {
  classes: number;
  steps: number;
  learningRate: number;
  threshold: number;
  T1: number;
  T2: number;
  alphaF: number;
};
export type StepInfo = { step: number; loss: number; weight: number; numPseudo: number };

export function selectPseudoLabels(probs: tf.Tensor2D, threshold: number): { idx: number[]; labels: number[] } {
  const [keep, cls] = tf.tidy(() => {
    const best = tf.max(probs, 1);
    return [tf.greaterEqual(best, tf.scalar(threshold)), tf.argMax(probs, 1)];
  });
  const k = keep.dataSync();
  const c = cls.dataSync();
  tf.dispose([keep, cls]);
  const idx: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < k.length; i++) {
    if (k[i]) {
      idx.push(i);
      labels.push(c[i]!);
    }
  }
  return { idx, labels };
}

export function rampUp(t: number, T1: number, T2: number, alphaF: number): number {
  const frac = Math.min(1, Math.max(0, (t - T1) / (T2 - T1)));
  return alphaF * frac;
}

export function pseudoLabelLoss(
  logitsL: tf.Tensor2D,
  yL: tf.Tensor2D,
  logitsU: tf.Tensor2D,
  targetsU: tf.Tensor2D,
  maskU: tf.Tensor1D,
  weight: number,
): tf.Scalar {
  return tf.tidy(() => {
    const none = tf.Reduction.NONE;
    const ceL = tf.losses.softmaxCrossEntropy(yL, logitsL, undefined, 0, none);
    const ceU = tf.losses.softmaxCrossEntropy(targetsU, logitsU, undefined, 0, none);
    const nU = logitsU.shape[0];
    const unsup = nU > 0 ? ceU.mul(maskU).sum().div(nU) : tf.scalar(0);
    return ceL.mean().add(unsup.mul(tf.scalar(weight))) as tf.Scalar;
  });
}

export async function selfTrain(
  model: Classifier,
  X: tf.Tensor2D,
  y: number[],
  opts: SelfTrainOptions,
  onStep: (info: StepInfo) => void = () => {},
): Promise<number[]> {
  const L = y.flatMap((v, i) => (v >= 0 ? [i] : []));
  const U = y.flatMap((v, i) => (v < 0 ? [i] : []));
  const idxL = tf.tensor1d(L, 'int32');
  const idxU = tf.tensor1d(U, 'int32');
  const XL = tf.gather(X, idxL) as tf.Tensor2D;
  const XU = tf.gather(X, idxU) as tf.Tensor2D;
  const yL = tf.tidy(() => tf.oneHot(tf.tensor1d(L.map((i) => y[i]!), 'int32'), opts.classes).asType('float32')) as tf.Tensor2D;
  const opt = tf.train.adam(opts.learningRate);
  const result = y.slice();
  try {
    for (let step = 0; step < opts.steps; step++) {
      const probsU = tf.tidy(() => tf.gather(tf.softmax(model.predict(X)), idxU) as tf.Tensor2D);
      let sel: { idx: number[]; labels: number[] };
      try {
        sel = selectPseudoLabels(probsU, opts.threshold);
      } finally {
        probsU.dispose();
      }
      const [targetsU, maskU] = tf.tidy(() => {
        const lab = new Int32Array(U.length);
        const msk = new Float32Array(U.length);
        sel.idx.forEach((j, k) => {
          lab[j] = sel.labels[k]!;
          msk[j] = 1;
        });
        const m = tf.tensor1d(msk);
        const t = tf.oneHot(tf.tensor1d(lab, 'int32'), opts.classes).asType('float32').mul(m.expandDims(1));
        return [t as tf.Tensor2D, m as tf.Tensor1D];
      });
      const weight = rampUp(step, opts.T1, opts.T2, opts.alphaF);
      const cost = opt.minimize(
        () => pseudoLabelLoss(model.predict(XL), yL, model.predict(XU), targetsU as tf.Tensor2D, maskU as tf.Tensor1D, weight),
        true,
        model.variables,
      );
      const loss = cost ? cost.dataSync()[0]! : NaN;
      tf.dispose([cost!, targetsU, maskU]);
      for (const i of U) result[i] = -1;
      sel.idx.forEach((j, k) => {
        result[U[j]!] = sel.labels[k]!;
      });
      onStep({ step, loss, weight, numPseudo: sel.idx.length });
    }
  } finally {
    tf.dispose([idxL, idxU, XL, XU, yL]);
    opt.dispose();
  }
  return result;
}

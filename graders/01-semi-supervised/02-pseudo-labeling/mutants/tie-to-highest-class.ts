// mutant: selectPseudoLabels breaks ties towards the highest class (>= in the argmax loop) instead of the lowest
import * as tf from '@tensorflow/tfjs';

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
  const rows = probs.arraySync();
  const idx: number[] = [];
  const labels: number[] = [];
  rows.forEach((row, i) => {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! >= row[best]!) best = k;
    if (row[best]! >= threshold) {
      idx.push(i);
      labels.push(best);
    }
  });
  return { idx, labels };
}

export function rampUp(t: number, T1: number, T2: number, alphaF: number): number {
  if (t < T1) return 0;
  if (t >= T2) return alphaF;
  return (alphaF * (t - T1)) / (T2 - T1);
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
    const ceL = tf.neg(tf.sum(tf.mul(yL, tf.logSoftmax(logitsL)), 1));
    const ceU = tf.neg(tf.sum(tf.mul(targetsU, tf.logSoftmax(logitsU)), 1));
    const sup = tf.mean(ceL);
    const unsup = tf.mean(tf.mul(ceU, maskU));
    return tf.add(sup, tf.mul(unsup, weight)) as tf.Scalar;
  });
}

export async function selfTrain(
  model: Classifier,
  X: tf.Tensor2D,
  y: number[],
  opts: SelfTrainOptions,
  onStep: (info: StepInfo) => void = () => {},
): Promise<number[]> {
  const labeled: number[] = [];
  const unlabeled: number[] = [];
  y.forEach((v, i) => (v >= 0 ? labeled : unlabeled).push(i));
  const XL = tf.gather(X, labeled) as tf.Tensor2D;
  const XU = tf.gather(X, unlabeled) as tf.Tensor2D;
  const yL = tf.tidy(() => tf.oneHot(tf.tensor1d(labeled.map((i) => y[i]!), 'int32'), opts.classes).toFloat()) as tf.Tensor2D;
  const optimizer = tf.train.adam(opts.learningRate);
  const out = [...y];
  for (let step = 0; step < opts.steps; step++) {
    const probs = tf.tidy(() => tf.softmax(model.predict(XU))) as tf.Tensor2D;
    const sel = selectPseudoLabels(probs, opts.threshold);
    probs.dispose();
    const tRows = unlabeled.map(() => new Array<number>(opts.classes).fill(0));
    const m = new Array<number>(unlabeled.length).fill(0);
    sel.idx.forEach((j, k) => {
      tRows[j]![sel.labels[k]!] = 1;
      m[j] = 1;
    });
    const targetsU = unlabeled.length ? tf.tensor2d(tRows) : tf.zeros([0, opts.classes]) as tf.Tensor2D;
    const maskU = tf.tensor1d(m);
    const weight = rampUp(step, opts.T1, opts.T2, opts.alphaF);
    const cost = optimizer.minimize(
      () => pseudoLabelLoss(model.predict(XL), yL, model.predict(XU), targetsU, maskU, weight),
      true,
      model.variables,
    )!;
    const loss = (await cost.data())[0]!;
    cost.dispose();
    targetsU.dispose();
    maskU.dispose();
    unlabeled.forEach((i) => (out[i] = -1));
    sel.idx.forEach((j, k) => (out[unlabeled[j]!] = sel.labels[k]!));
    onStep({ step, loss, weight, numPseudo: sel.idx.length });
  }
  XL.dispose();
  XU.dispose();
  yL.dispose();
  optimizer.dispose();
  return out;
}

// mutant: selfTrain uses the full weight alphaF from step 0 instead of rampUp(step)
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
  // Reading the values back to JavaScript keeps the comparison in one place: a float32 probability
  // converted to a double compares exactly as written, so p = threshold is kept (>=).
  const [rows, cols] = probs.shape;
  const p = probs.dataSync();
  const idx: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < cols; k++) if (p[i * cols + k]! > p[i * cols + best]!) best = k;
    if (p[i * cols + best]! >= threshold) {
      idx.push(i);
      labels.push(best);
    }
  }
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
    const supervised = tf.neg(yL.mul(tf.logSoftmax(logitsL)).sum(1)).mean();
    // Mean over *all* unlabeled rows (not only the selected ones): nothing selected gives exactly 0,
    // never 0 / 0, and the term grows as more points become confident.
    const ceU = tf.neg(targetsU.mul(tf.logSoftmax(logitsU)).sum(1));
    const unsupervised = ceU.mul(maskU).mean();
    return supervised.add(unsupervised.mul(weight)) as tf.Scalar;
  });
}

export async function selfTrain(
  model: Classifier,
  X: tf.Tensor2D,
  y: number[],
  opts: SelfTrainOptions,
  onStep: (info: StepInfo) => void = () => {},
): Promise<number[]> {
  const labeled = y.flatMap((c, i) => (c >= 0 ? [i] : []));
  const unlabeled = y.flatMap((c, i) => (c < 0 ? [i] : []));
  const XL = tf.gather(X, labeled);
  const XU = tf.gather(X, unlabeled);
  const yL = tf.tidy(() => tf.oneHot(labeled.map((i) => y[i]!), opts.classes).toFloat()) as tf.Tensor2D;
  const optimizer = tf.train.adam(opts.learningRate);
  const result = [...y];
  try {
    for (let step = 0; step < opts.steps; step++) {
      // Pseudo-labels come from the current model but outside the gradient: they are fixed
      // targets for this step, recomputed at every step (Lee 2013).
      const probsU = tf.tidy(() => tf.softmax(model.predict(XU)));
      const { idx, labels } = selectPseudoLabels(probsU, opts.threshold);
      probsU.dispose();
      const hard = new Array<number>(unlabeled.length).fill(0);
      const mask = new Array<number>(unlabeled.length).fill(0);
      idx.forEach((u, k) => {
        hard[u] = labels[k]!;
        mask[u] = 1;
      });
      unlabeled.forEach((i, u) => (result[i] = mask[u] === 1 ? hard[u]! : -1));
      const weight = opts.alphaF;
      const targetsU = tf.tidy(() => tf.oneHot(hard, opts.classes).toFloat());
      const maskU = tf.tensor1d(mask);
      const cost = optimizer.minimize(
        () => pseudoLabelLoss(model.predict(XL), yL, model.predict(XU), targetsU as tf.Tensor2D, maskU, weight),
        true,
        model.variables,
      );
      const loss = (await cost!.data())[0]!;
      tf.dispose([cost!, targetsU, maskU]);
      onStep({ step, loss, weight, numPseudo: idx.length });
    }
  } finally {
    optimizer.dispose();
    tf.dispose([XL, XU, yL]);
  }
  return result;
}

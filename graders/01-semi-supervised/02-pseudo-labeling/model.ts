import type * as TF from '@tensorflow/tfjs';
import { mulberry32 } from '@/lib/datasets/prng';

// The classifiers the probes hand to the learner's selfTrain. They are built here, from our own
// seeded PRNG, so every run starts from identical weights on every backend.

export type Classifier = {
  predict: (X: TF.Tensor2D) => TF.Tensor2D;
  variables: TF.Variable[];
};

export type OwnedClassifier = Classifier & { dispose: () => void };

/** tf.variable keeps its initial tensor alive beside it; dispose that so the count stays exact. */
function ownedVariable(tf: typeof TF, initial: TF.Tensor, trainable = true): TF.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

/** Glorot-uniform weights and zero biases for a tanh MLP, e.g. sizes [2, 16, 16, 2]. */
export function makeMlp(tf: typeof TF, sizes: number[], seed: number): OwnedClassifier {
  const rand = mulberry32(seed);
  const variables: TF.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = Array.from({ length: fanIn * fanOut }, () => (2 * rand() - 1) * limit);
    variables.push(ownedVariable(tf, tf.tensor2d(w, [fanIn, fanOut])));
    variables.push(ownedVariable(tf, tf.zeros([fanOut])));
  }
  const layers = sizes.length - 1;
  return {
    variables,
    predict: (X) =>
      tf.tidy(() => {
        let h: TF.Tensor2D = X;
        for (let l = 0; l < layers; l++) {
          h = h.matMul(variables[2 * l] as TF.Tensor2D).add(variables[2 * l + 1]!);
          if (l + 1 < layers) h = h.tanh();
        }
        return h;
      }),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/**
 * A classifier that cannot learn: its logits are the input rows themselves. The single variable
 * only enters multiplied by 0, so every gradient is 0 and any optimizer leaves predictions alone.
 * That makes the loss of every training step computable in advance by the judge.
 */
export function makeFrozen(tf: typeof TF): OwnedClassifier {
  const v = ownedVariable(tf, tf.scalar(1));
  return {
    variables: [v],
    predict: (X) => tf.tidy(() => X.add(v.mul(0))),
    dispose: () => v.dispose(),
  };
}

/**
 * A classifier that cannot learn but changes its mind once, when the probe calls `switchPhase()`.
 * Each input row holds two sets of logits side by side, [phase A | phase B]; the model returns
 * phase A until the switch and phase B after it, exactly (a * 1 + b * 0 and a * 0 + b * 1). The
 * switch is a non-trainable variable, so no optimizer can move it; the trainable one enters times 0.
 */
export function makeSwitching(tf: typeof TF, classes: number): OwnedClassifier & { switchPhase: () => void } {
  const v = ownedVariable(tf, tf.scalar(1));
  const s = ownedVariable(tf, tf.scalar(0), false);
  return {
    variables: [v],
    predict: (X) =>
      tf.tidy(() => {
        const a = X.slice([0, 0], [-1, classes]);
        const b = X.slice([0, classes], [-1, classes]);
        return a.mul(tf.scalar(1).sub(s)).add(b.mul(s)).add(v.mul(0));
      }),
    switchPhase: () => {
      const one = tf.scalar(1);
      s.assign(one);
      one.dispose();
    },
    dispose: () => tf.dispose([v, s]),
  };
}

/**
 * A radial-basis-function network: fixed Gaussian bumps centred on given points, then a trainable
 * linear layer. Far from every centre all features vanish, so the logits fall back to the bias and
 * the model is unsure there, which is what makes confidence thresholds meaningful.
 */
export function makeRbfNet(tf: typeof TF, centers: number[][], gamma: number, classes: number): OwnedClassifier {
  const C = tf.tensor2d(centers);
  const cNorm = tf.tidy(() => C.square().sum(1).reshape([1, -1]));
  const W = ownedVariable(tf, tf.zeros([centers.length, classes]));
  const b = ownedVariable(tf, tf.zeros([classes]));
  return {
    variables: [W, b],
    predict: (X) =>
      tf.tidy(() => {
        const d2 = X.square().sum(1, true).add(cNorm).sub(X.matMul(C, false, true).mul(2)).relu();
        return d2.mul(-gamma).exp().matMul(W).add(b);
      }),
    dispose: () => tf.dispose([C, cNorm, W, b]),
  };
}

import * as tf from '@tensorflow/tfjs';

// Self-training with pseudo-labels.
//
// You have a few labeled points and many unlabeled ones. Train a model on the labeled points, let
// it label the unlabeled points it is confident about (these guesses are "pseudo-labels"), and
// keep training on both. Three things keep the model from fooling itself: only confident
// guesses count (a threshold), their weight starts at 0 and ramps up (Lee, 2013), and the guesses
// are fixed targets, recomputed at every step but never differentiated through.
//
// The tests give you the model. It has raw class scores (logits) and trainable variables:
export type Classifier = {
  /** Logits, shape [n, classes]; differentiable with respect to `variables`. */
  predict: (X: tf.Tensor2D) => tf.Tensor2D;
  variables: tf.Variable[];
};

export type SelfTrainOptions = {
  classes: number; // number of classes
  steps: number; // number of training steps (full batch: every step sees all points)
  learningRate: number; // for tf.train.adam
  threshold: number; // tau: a pseudo-label needs max probability >= threshold
  T1: number; // rampUp: weight 0 before step T1 ...
  T2: number; // ... rising linearly to alphaF at step T2
  alphaF: number; // final weight of the unlabeled term
};

export type StepInfo = { step: number; loss: number; weight: number; numPseudo: number };

/**
 * Task 1. Choose the confident rows.
 *
 * Row i of `probs` is a probability distribution over the classes. Keep row i when its largest
 * probability is >= threshold (equal counts as confident), and give it the class of that largest
 * probability as its pseudo-label (on a tie, the lowest class index, as tf.argMax does).
 *
 * @returns idx: the kept row numbers in increasing order; labels: their classes (same order).
 *          Plain arrays of numbers. Do not dispose `probs`, and leave no tensors behind.
 */
export function selectPseudoLabels(probs: tf.Tensor2D, threshold: number): { idx: number[]; labels: number[] } {
  throw new Error('TODO: task 1, select the confident pseudo-labels');
}

/**
 * Task 2. The weight of the unlabeled term at step t (Lee, 2013):
 *
 *   0                             for t < T1
 *   alphaF * (t - T1) / (T2 - T1)  for T1 <= t < T2
 *   alphaF                        for t >= T2
 */
export function rampUp(t: number, T1: number, T2: number, alphaF: number): number {
  throw new Error('TODO: task 2, the ramp-up weight');
}

/**
 * Task 3. The training loss.
 *
 *   loss = (1 / nL) * sum over labeled rows i of CE(yL_i, logitsL_i)
 *        + weight * (1 / nU) * sum over unlabeled rows i of maskU_i * CE(targetsU_i, logitsU_i)
 *
 * with CE(t, z) = -sum_k t_k * log(softmax(z)_k), the cross-entropy of a one-hot target t and
 * logits z. nL and nU are the numbers of rows of logitsL and logitsU: the unlabeled sum is divided
 * by all nU rows, selected or not, so a mask of zeros gives exactly the supervised loss (no 0 / 0).
 *
 * @param logitsL  model output on the labeled points, [nL, classes]
 * @param yL       their one-hot labels, [nL, classes]
 * @param logitsU  model output on the unlabeled points, [nU, classes]
 * @param targetsU one-hot pseudo-labels, [nU, classes] (any row where maskU is 0 is ignored)
 * @param maskU    1 for a selected unlabeled row, 0 otherwise, [nU]
 * @param weight   the current rampUp weight
 * @returns        a scalar tensor, built from tensor operations so gradients reach the logits
 */
export function pseudoLabelLoss(
  logitsL: tf.Tensor2D,
  yL: tf.Tensor2D,
  logitsU: tf.Tensor2D,
  targetsU: tf.Tensor2D,
  maskU: tf.Tensor1D,
  weight: number,
): tf.Scalar {
  throw new Error('TODO: task 3, the pseudo-label loss');
}

/**
 * Task 4. The self-training loop.
 *
 * `X` holds every training point; `y[i]` is its class, or -1 if point i is unlabeled. Create
 * tf.train.adam(opts.learningRate) and do opts.steps full-batch steps, step = 0, 1, ...:
 *
 *   1. Outside the gradient: probabilities of the unlabeled points, softmax(model.predict(XU)),
 *      and selectPseudoLabels on them. Build the one-hot targets and the 0/1 mask.
 *   2. weight = rampUp(step, opts.T1, opts.T2, opts.alphaF).
 *   3. optimizer.minimize(() => pseudoLabelLoss(...), true, model.variables), with fresh
 *      predictions of the model on XL and XU inside the closure (gather XL and XU once, before
 *      the loop: the rows never change, so there is no need to gather them again every step).
 *      One optimizer for the whole run, one minimize call per step.
 *   4. onStep({ step, loss, weight, numPseudo }) with the loss as a number and numPseudo the
 *      number of selected points.
 *
 * Never change a given label: only points with y = -1 may get a pseudo-label. Select again at
 * every step: a point chosen earlier loses its pseudo-label (back to -1, out of the loss) as soon
 * as the model is no longer confident about it.
 *
 * @returns the labels after the last step: y[i] for labeled points, the last pseudo-label for
 *          selected unlabeled points, -1 for the rest. Do not dispose X; dispose everything you
 *          create (including the optimizer: optimizer.dispose()).
 */
export async function selfTrain(
  model: Classifier,
  X: tf.Tensor2D,
  y: number[],
  opts: SelfTrainOptions,
  onStep: (info: StepInfo) => void = () => {},
): Promise<number[]> {
  throw new Error('TODO: task 4, the self-training loop');
}

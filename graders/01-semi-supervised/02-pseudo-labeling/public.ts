import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import {
  accuracy,
  checkLoss,
  checkMoonsRun,
  checkSelection,
  closeTo,
  fail,
  fmt,
  gradObservation,
  judgeFrozenRun,
  judgeGradient,
  judgeSweep,
  lossObservation,
  loopObservation,
  MOONS_GAMMA,
  MOONS_OPTS,
  moonsObservation,
  moonsTask,
  pass,
  pct,
  randomProbs,
  rampObservation,
  selectObservation,
} from './checks';

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

type Matrix = number[][];


// The frozen-model run: logits = X. Rows 0-2 are labeled (row 1 says class 1 although the model is
// 90.9% sure of class 0); rows 3, 5 and 7 pass p_max >= 0.9 (p = 0.965, 0.965, 0.943); row 4 has
// p_max 0.618 but a logit of 1.5, so thresholding logits would wrongly pick it.
const FROZEN_X = [[2, 0, 0], [3, 0, 0], [0, 0, 1], [4, 0, 0], [1.5, 1, -3], [-5, -1, -5], [0, 0, 0], [0, 0, 3.5]];
const FROZEN_Y = [0, 1, 2, -1, -1, -1, -1, -1];
const FROZEN_OPTS = { classes: 3, steps: 8, learningRate: 0.1, threshold: 0.9, T1: 2, T2: 6, alphaF: 2 };
// Supervised cross-entropy (mean over the 3 labeled rows) and the unlabeled term (sum of -log p_max
// over rows 3, 5, 7, divided by all 5 unlabeled rows), from a float64 script.
const FROZEN_SUP = 1.2953041455;
const FROZEN_UNL = 0.026118772;
const FROZEN_WEIGHTS = [0, 0, 0, 0.5, 1, 1.5, 2, 2];

// A fixed moons split, so every learner sees the same picture.
const PUBLIC_MOONS_SEED = 11;

const HINT_SELECT = 'Keep row i when its largest probability is >= threshold (equal counts), with label = its argmax.';

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'select-tiny',
    name: 'selectPseudoLabels keeps rows with max probability >= 0.75, including one exactly at 0.75',
    task: 1,
    points: 8,
    probe: 'selectPseudoLabels',
    prepare: () => {
      const probs = [
        [0.75, 0.125, 0.125],
        [0.125, 0.25, 0.625],
        [0.0625, 0.875, 0.0625],
        [0.5, 0.25, 0.25],
        [0, 0, 1],
        [0.25, 0.375, 0.375],
      ];
      return { input: { cases: [{ probs, threshold: 0.75 }] }, secret: null };
    },
    observed: selectObservation,
    judge: (obs) =>
      checkSelection(obs.results[0], { idx: [0, 2, 4], labels: [0, 1, 2] }, HINT_SELECT) ??
      pass('Rows 0, 2 and 4 are kept with labels 0, 1 and 2; row 0 sits exactly on the threshold.'),
  }),
  defineTest({
    id: 'select-ties',
    name: 'selectPseudoLabels breaks a tie for the largest probability towards the lowest class, as tf.argMax does',
    task: 1,
    points: 3,
    probe: 'selectPseudoLabels',
    prepare: () => {
      const probs = [
        [0.5, 0.5, 0],
        [0.25, 0.375, 0.375],
        [0.375, 0.25, 0.375],
        [0.25, 0.5, 0.25],
      ];
      return { input: { cases: [{ probs, threshold: 0.375 }] }, secret: null };
    },
    observed: selectObservation,
    judge: (obs) =>
      checkSelection(
        obs.results[0],
        { idx: [0, 1, 2, 3], labels: [0, 1, 0, 1] },
        'Every row reaches 0.375 here.',
        'Rows 0 to 2 have two equal largest probabilities: take the lower column (first match), as tf.argMax does.',
      ) ?? pass('Ties go to the lowest class.'),
  }),
  defineTest({
    id: 'select-sweep',
    name: 'selectPseudoLabels: threshold 0 keeps every row, above 1 keeps none, a lower threshold never drops a row',
    task: 1,
    points: 6,
    probe: 'selectPseudoLabels',
    prepare: (seed) => {
      const probs = randomProbs(seed, 12);
      return { input: { cases: [0, 0.5, 0.8, 1.01].map((threshold) => ({ probs, threshold })) }, secret: null };
    },
    observed: selectObservation,
    judge: (obs, { input }) => judgeSweep(obs, input.cases[0]!.probs as Matrix, HINT_SELECT),
  }),
  defineTest({
    id: 'ramp-lee',
    name: 'rampUp with T1 = 100, T2 = 600, alphaF = 3 gives 0, 0, 0, 1.5, 3, 3 at t = 0, 99, 100, 350, 600, 1000',
    task: 2,
    points: 8,
    probe: 'rampUp',
    prepare: () => ({
      input: { cases: [0, 99, 100, 350, 600, 1000].map((t) => ({ t, T1: 100, T2: 600, alphaF: 3 })) },
      secret: null,
    }),
    observed: rampObservation,
    judge: (obs) => {
      const want = [0, 0, 0, 1.5, 3, 3];
      const ts = [0, 99, 100, 350, 600, 1000];
      for (let k = 0; k < want.length; k++) {
        if (!closeTo(obs.values[k], want[k]!, 1e-9, 1e-9)) {
          return fail(
            `rampUp(${ts[k]}, 100, 600, 3) returned ${fmt(obs.values[k])}, expected ${want[k]}. It is 0 before T1, ` +
              'alphaF * (t - T1) / (T2 - T1) from T1 up to T2, and alphaF from T2 on.',
          );
        }
      }
      return pass('The schedule of Lee (2013) is right at all six points.');
    },
  }),
  defineTest({
    id: 'ramp-shape',
    name: 'rampUp rises in a straight line from 0 at T1 to alphaF at T2 (T1 = 10, T2 = 30, alphaF = 2)',
    task: 2,
    points: 4,
    probe: 'rampUp',
    prepare: () => ({
      input: { cases: [5, 10, 11, 15, 20, 29, 30, 31].map((t) => ({ t, T1: 10, T2: 30, alphaF: 2 })) },
      secret: null,
    }),
    observed: rampObservation,
    judge: (obs) => {
      const ts = [5, 10, 11, 15, 20, 29, 30, 31];
      const want = [0, 0, 0.1, 0.5, 1, 1.9, 2, 2];
      for (let k = 0; k < ts.length; k++) {
        if (!closeTo(obs.values[k], want[k]!, 1e-9, 1e-9)) {
          return fail(
            `rampUp(${ts[k]}, 10, 30, 2) returned ${fmt(obs.values[k])}, expected ${want[k]}: ` +
              'the slope is alphaF / (T2 - T1) = 0.1.',
          );
        }
      }
      return pass('Flat, then a straight ramp, then flat.');
    },
  }),
  defineTest({
    id: 'loss-tiny',
    name: 'pseudoLabelLoss = mean labeled cross-entropy + weight * masked cross-entropy averaged over all unlabeled rows',
    task: 3,
    points: 8,
    probe: 'pseudoLabelLoss',
    prepare: () => ({
      input: {
        cases: [
          {
            logitsL: [[0, 0], [2, 0]],
            yL: [[1, 0], [0, 1]],
            logitsU: [[Math.log(3), 0], [0, 0]],
            targetsU: [[1, 0], [0, 1]],
            maskU: [1, 0],
            weight: 2,
          },
        ],
      },
      secret: null,
    }),
    observed: lossObservation,
    judge: (obs) => {
      // Labeled: (ln 2 + ln(1 + e^2)) / 2 = 1.410038. Unlabeled: row 0 has p = 3/4, row 1 is masked
      // out, and the sum is divided by both rows: -ln(3/4) / 2 = 0.143841. Total 1.410038 + 2 * 0.143841.
      const hint = 'Divide the masked unlabeled sum by the number of unlabeled rows (2 here), not by the number selected.';
      return checkLoss(obs.results[0], 1.697719668, hint) ?? pass('The loss matches the hand computation.');
    },
  }),
  defineTest({
    id: 'loss-nothing-selected',
    name: 'pseudoLabelLoss with nothing selected (as with a threshold above 1) or weight 0 is exactly the supervised loss',
    task: 3,
    points: 6,
    probe: 'pseudoLabelLoss',
    prepare: () => {
      const base = {
        logitsL: [[0, 0], [2, 0]],
        yL: [[1, 0], [0, 1]],
        logitsU: [[1, -1], [0, 3], [2, 2]],
        targetsU: [[1, 0], [0, 1], [1, 0]],
      };
      return {
        input: { cases: [{ ...base, maskU: [0, 0, 0], weight: 3 }, { ...base, maskU: [1, 1, 1], weight: 0 }] },
        secret: null,
      };
    },
    observed: lossObservation,
    judge: (obs) => {
      const names = ['With an all-zero mask', 'With weight 0'];
      for (let k = 0; k < 2; k++) {
        const hint = `${names[k]} only the labeled term (1.410038) may remain.`;
        const bad = checkLoss(obs.results[k], 1.410037596, hint);
        if (bad) return bad;
      }
      return pass('Nothing selected, or weight 0, leaves exactly the supervised loss (and no NaN).');
    },
  }),
  defineTest({
    id: 'loss-gradient',
    name: 'The gradient of pseudoLabelLoss w.r.t. the logits is softmax minus target, scaled per row',
    task: 3,
    points: 6,
    probe: 'lossGradient',
    prepare: () => {
      const c = {
        logitsL: [[1, 0, -1], [0.5, 0.5, 2]],
        yL: [[1, 0, 0], [0, 0, 1]],
        logitsU: [[2, 0, 0], [0, 1, 0], [0, 0, 0], [-1, 0, 3]],
        targetsU: [[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]],
        maskU: [1, 1, 0, 1],
        weight: 1.5,
      };
      return { input: { cases: [c] }, secret: c };
    },
    observed: gradObservation,
    judge: (obs, { secret }) => judgeGradient(obs, secret),
  }),
  defineTest({
    id: 'loss-memory',
    name: 'pseudoLabelLoss does not leak tensors',
    task: 3,
    points: 2,
    probe: 'pseudoLabelLoss',
    prepare: () => ({
      input: {
        cases: [
          { logitsL: [[1, 0]], yL: [[0, 1]], logitsU: [[0, 2], [1, 1]], targetsU: [[0, 1], [1, 0]], maskU: [1, 0], weight: 1 },
        ],
      },
      secret: null,
    }),
    observed: lossObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r || r.shape.length !== 0 || r.value === null) return fail('pseudoLabelLoss must first return a finite scalar.');
      if (r.leaked > 0) return fail(`pseudoLabelLoss left ${r.leaked} tensor(s) behind; wrap the body in tf.tidy.`);
      return pass('pseudoLabelLoss cleans up after itself.');
    },
  }),
  defineTest({
    id: 'loop-frozen',
    name: 'selfTrain with a model that cannot learn: right loss at every step, right pseudo-labels, given labels kept',
    task: 4,
    points: 10,
    probe: 'frozenLoop',
    prepare: () => ({ input: { X: FROZEN_X, y: FROZEN_Y, opts: FROZEN_OPTS }, secret: null }),
    observed: loopObservation,
    judge: (obs) =>
      judgeFrozenRun(obs, FROZEN_Y, {
        losses: FROZEN_WEIGHTS.map((w) => FROZEN_SUP + w * FROZEN_UNL),
        weights: FROZEN_WEIGHTS,
        labels: [0, 1, 2, 0, -1, 1, -1, 2],
        numPseudo: 3,
      }),
  }),
  defineTest({
    id: 'loop-moons',
    name: 'selfTrain on the two moons (3 labels per moon) classifies at least 90% of fresh test points right',
    task: 4,
    points: 8,
    probe: 'moons',
    timeoutMs: 10_000,
    prepare: () => {
      const task = moonsTask(PUBLIC_MOONS_SEED, 150, 300, 3);
      const input = { X: task.X, y: task.y, Xtest: task.Xtest, gamma: MOONS_GAMMA, opts: MOONS_OPTS, variants: [], stream: true };
      return { input, secret: { truth: task.truth, yTest: task.yTest } };
    },
    observed: moonsObservation,
    judge: (obs, { input, secret }) => {
      const run = obs.runs[0];
      const bad = checkMoonsRun(run, input.y, secret.yTest.length);
      if (bad || !run) return bad ?? fail('No run.');
      const acc = accuracy(run.pred, secret.yTest);
      const unlabeled = input.y.flatMap((c, i) => (c < 0 ? [i] : []));
      const chosen = unlabeled.filter((i) => run.labels[i]! >= 0);
      const wrong = chosen.filter((i) => run.labels[i] !== secret.truth[i]).length;
      const summary =
        `${pct(acc)} of the test points are right; at the end ${chosen.length} of ${unlabeled.length} unlabeled ` +
        `points carried a pseudo-label, ${wrong} of them wrong.`;
      if (acc < 0.9) return fail(`${summary} At least 90% is expected: make the earlier tests pass first.`);
      return pass(summary);
    },
  }),
];

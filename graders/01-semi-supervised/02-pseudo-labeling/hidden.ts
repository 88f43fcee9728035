import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
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
  lossObservation,
  loopObservation,
  MOONS_GAMMA,
  MOONS_OPTS,
  moonsObservation,
  moonsTask,
  pass,
  pct,
  rampObservation,
  selectObservation,
  softmax,
  type MoonsObservation,
} from './checks';
import { expectedFrozenRun, expectedLoss, expectedSelection, rampValue, type LossCase } from './expected';

// Server only: never bundled for the browser. Expected values come from float64 re-derivations
// (expected.ts) or from the reference run (`ref`).

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-pseudo-labeling-5b81';

type Matrix = number[][];

const randomRow = (rand: () => number, classes: number, scale: number) =>
  Array.from({ length: classes }, () => scale * (2 * rand() - 1));
const oneHot = (c: number, classes: number) => Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0));

/**
 * Probability rows in 1/64 steps (exact in float32), so rows whose top probability equals the
 * threshold really are equal on every backend, plus softmax rows kept away from the threshold.
 */
function selectionCase(rand: () => number, threshold: number) {
  const probs: Matrix = [];
  for (let i = 0; i < 24; i++) {
    if (i % 4 === 0) {
      const top = Math.round(threshold * 64);
      const rest = 64 - top;
      const a = Math.floor(rand() * (rest + 1));
      const row = [top, a, rest - a].map((v) => v / 64);
      const shift = Math.floor(rand() * 3);
      probs.push(row.map((_, k) => row[(k + shift) % 3]!));
    } else {
      let row = softmax(randomRow(rand, 3, 4));
      while (Math.abs(Math.max(...row) - threshold) < 1e-3) row = softmax(randomRow(rand, 3, 4));
      probs.push(row);
    }
  }
  return { probs, threshold };
}

function lossCase(rand: () => number, classes: number, nL: number, nU: number): LossCase {
  return {
    logitsL: Array.from({ length: nL }, () => randomRow(rand, classes, 3)),
    yL: Array.from({ length: nL }, () => oneHot(Math.floor(rand() * classes), classes)),
    logitsU: Array.from({ length: nU }, () => randomRow(rand, classes, 3)),
    targetsU: Array.from({ length: nU }, () => oneHot(Math.floor(rand() * classes), classes)),
    maskU: Array.from({ length: nU }, () => (rand() < 0.5 ? 1 : 0)),
    weight: 0.5 + 2 * rand(),
  };
}

/**
 * A frozen-model task with 4 classes. Unlabeled rows are either clearly above the threshold or
 * clearly below it with a large top logit (the logit-threshold trap). One labeled row carries a
 * label the model confidently disagrees with (the overwrite trap).
 */
function frozenTask(rand: () => number) {
  const classes = 4;
  const threshold = 0.85;
  const X: Matrix = [];
  const y: number[] = [];
  for (let i = 0; i < 16; i++) {
    const c = Math.floor(rand() * classes);
    let row = randomRow(rand, classes, 0.5);
    if (i < 4) {
      row[c] = row[c]! + 4;
      y.push(i === 1 ? (c + 1) % classes : c);
    } else {
      // Redraw until p_max is at least 0.05 away from the threshold, so float32 cannot flip it.
      for (;;) {
        row = randomRow(rand, classes, 0.5);
        row[c] = row[c]! + (i % 2 === 0 ? 4 + rand() : 0.6 * rand()) + (i % 3 === 0 ? 2 : 0);
        if (i % 3 === 0) for (let k = 0; k < classes; k++) if (k !== c) row[k] = row[k]! + 2;
        if (Math.abs(Math.max(...softmax(row)) - threshold) > 0.05) break;
      }
      y.push(-1);
    }
    X.push(row);
  }
  return { X, y, opts: { classes, steps: 12, learningRate: 0.05, threshold, T1: 3, T2: 9, alphaF: 2.5 } };
}

/**
 * frozenTask with a second set of logits per row for the switching model: labeled rows keep theirs,
 * unlabeled rows take the logits of the next unlabeled row. frozenTask makes every other unlabeled row
 * confident, so after the switch the confident rows become unconfident and the other way round: a
 * pseudo-label chosen before the switch and kept afterwards is visible in the labels and the losses.
 */
function switchTask(rand: () => number) {
  const task = frozenTask(rand);
  const unlabeled = task.y.flatMap((c, i) => (c < 0 ? [i] : []));
  const after = task.X.map((row, i) => {
    const u = unlabeled.indexOf(i);
    return u < 0 ? row : task.X[unlabeled[(u + 1) % unlabeled.length]!]!;
  });
  return { ...task, X: task.X.map((row, i) => [...row, ...after[i]!]), switchAt: 6 };
}

/**
 * The reference's test accuracy with self-training and with the labeled points alone, on the same
 * split. Over 100 calibration splits the reference gained 13 points on average, but on rare ones it
 * lost up to 2 points to its baseline, so the learner may lose whatever the reference lost, plus 2.
 */
function refScores(ref: MoonsObservation | undefined, yTest: number[]) {
  const [run, baseline] = ref?.runs ?? [];
  if (!run || !baseline) throw new Error('reference observation missing');
  return { acc: accuracy(run.pred, yTest), gain: accuracy(run.pred, yTest) - accuracy(baseline.pred, yTest) };
}

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-select-random',
    name: 'selectPseudoLabels matches p_max >= threshold on random probabilities, ties with the threshold included',
    task: 1,
    points: 5,
    probe: 'selectPseudoLabels',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [selectionCase(rand, 0.75), selectionCase(rand, 0.90625)] }, secret: null };
    },
    observed: selectObservation,
    judge: (obs, { input }) => {
      for (let k = 0; k < input.cases.length; k++) {
        const c = input.cases[k]!;
        const hint = `Threshold ${c.threshold}: rows whose top probability equals it must be kept (>=).`;
        const bad = checkSelection(obs.results[k], expectedSelection(c.probs, c.threshold), hint);
        if (bad) return bad;
      }
      return pass('Selections match on both random matrices.');
    },
  }),
  defineTest({
    id: 'hidden-ramp-random',
    name: 'rampUp is right around T1 and T2 for random schedules',
    task: 2,
    points: 4,
    probe: 'rampUp',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const cases = [];
      for (let k = 0; k < 3; k++) {
        const T1 = 5 + Math.floor(rand() * 50);
        const T2 = T1 + 10 + Math.floor(rand() * 200);
        const alphaF = 0.5 + 4 * rand();
        for (const t of [0, T1 - 1, T1, T1 + 1, Math.floor((T1 + T2) / 2), T2 - 1, T2, T2 + 7]) cases.push({ t, T1, T2, alphaF });
      }
      return { input: { cases }, secret: null };
    },
    observed: rampObservation,
    judge: (obs, { input }) => {
      for (let k = 0; k < input.cases.length; k++) {
        const { t, T1, T2, alphaF } = input.cases[k]!;
        const want = rampValue(t, T1, T2, alphaF);
        if (!closeTo(obs.values[k], want, 1e-9, 1e-9)) {
          return fail(`rampUp(${t}, ${T1}, ${T2}, ${fmt(alphaF)}) returned ${fmt(obs.values[k])}, expected ${fmt(want)}.`);
        }
      }
      return pass('All 24 values match.');
    },
  }),
  defineTest({
    id: 'hidden-loss-random',
    name: 'pseudoLabelLoss matches on random 3- and 4-class batches',
    task: 3,
    points: 5,
    probe: 'pseudoLabelLoss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [lossCase(rand, 3, 5, 9), lossCase(rand, 4, 3, 12)] }, secret: null };
    },
    observed: lossObservation,
    judge: (obs, { input }) => {
      for (let k = 0; k < input.cases.length; k++) {
        const bad = checkLoss(obs.results[k], expectedLoss(input.cases[k]!), 'Check both averages and the mask.');
        if (bad) return bad;
      }
      return pass('Both random batches match.');
    },
  }),
  defineTest({
    id: 'hidden-loss-gradient',
    name: 'The gradient of pseudoLabelLoss is softmax minus target on a random batch',
    task: 3,
    points: 4,
    probe: 'lossGradient',
    prepare: (seed) => {
      const c = lossCase(mulberry32(seed), 3, 4, 7);
      return { input: { cases: [c] }, secret: c };
    },
    observed: gradObservation,
    judge: (obs, { secret }) => judgeGradient(obs, secret),
  }),
  defineTest({
    id: 'hidden-loop-frozen',
    name: 'selfTrain with a frozen 4-class model: losses, pseudo-labels and given labels',
    task: 4,
    points: 6,
    probe: 'frozenLoop',
    prepare: (seed) => ({ input: frozenTask(mulberry32(seed)), secret: null }),
    observed: loopObservation,
    judge: (obs, { input }) => judgeFrozenRun(obs, input.y, expectedFrozenRun(input.X, input.y, input.opts)),
  }),
  defineTest({
    id: 'hidden-loop-recompute',
    name: 'selfTrain recomputes the pseudo-labels at every step when the model changes its mind',
    task: 4,
    points: 6,
    probe: 'switchLoop',
    prepare: (seed) => ({ input: switchTask(mulberry32(seed ^ 0x3c6ef372)), secret: null }),
    observed: loopObservation,
    judge: (obs, { input }) => {
      const { X, y, opts, switchAt } = input;
      const c = opts.classes;
      const before = expectedFrozenRun(X.map((row) => row.slice(0, c)), y, opts);
      const after = expectedFrozenRun(X.map((row) => row.slice(c)), y, opts);
      const phase = (t: number) => (t < switchAt ? before : after);
      return judgeFrozenRun(obs, y, {
        losses: before.losses.map((_, t) => phase(t).losses[t]!),
        weights: before.weights,
        labels: after.labels,
        numPseudo: before.losses.map((_, t) => phase(t).numPseudo as number),
        labelHint:
          `The model changed its mind after step ${switchAt - 1}. Recompute the pseudo-labels from the current ` +
          'model at every step: a point that is no longer confident goes back to -1 and is no longer trained on, ' +
          'and a point whose argmax changed takes the new class.',
      });
    },
  }),
  defineTest({
    id: 'hidden-loop-adam',
    name: 'selfTrain follows the same optimisation path as the reference (one Adam optimizer for the whole run)',
    task: 4,
    points: 5,
    probe: 'learnLoop',
    needsRef: true,
    prepare: (seed) => {
      const task = moonsTask(seed, 100, 10, 3);
      // Threshold above 1: no pseudo-labels, so the path depends on the optimizer only.
      const opts = { ...MOONS_OPTS, steps: 25, threshold: 1.01 };
      return { input: { X: task.X, y: task.y, gamma: MOONS_GAMMA, opts }, secret: null };
    },
    observed: loopObservation,
    judge: (obs, { input, ref }) => {
      if (!ref) throw new Error('reference observation missing');
      if (obs.inputDisposed) return fail('selfTrain disposed the X it was given; dispose only the tensors you create.');
      const steps = input.opts.steps;
      if (obs.steps.length !== steps) return fail(`onStep was called ${obs.steps.length} times for opts.steps = ${steps}.`);
      for (let t = 0; t < steps; t++) {
        const got = obs.steps[t]!.loss;
        const want = ref.steps[t]!.loss!;
        if (closeTo(got, want, 1e-4, 1e-3)) continue;
        if (t === 0) {
          return fail(
            `The loss of step 0 is ${fmt(got)}, but ${fmt(want)} was expected. Report the loss that minimize ` +
              'returns for this step, computed with pseudoLabelLoss on fresh predictions.',
          );
        }
        return fail(
          `With a threshold above 1 nothing is pseudo-labeled, so this is plain supervised training with Adam. ` +
            `Steps 0 to ${t - 1} match the reference, but the loss of step ${t} is ${fmt(got)} instead of ${fmt(want)}. ` +
            'Create tf.train.adam(opts.learningRate) once, before the loop (a new optimizer every step forgets ' +
            "Adam's running averages), and call minimize exactly once per step, on model.variables.",
        );
      }
      return pass(`The loss follows the reference at all ${steps} steps.`);
    },
  }),
  defineTest({
    id: 'hidden-supervised-limit',
    name: 'selfTrain with a threshold above 1 trains exactly like selfTrain with alphaF = 0 (labeled data only)',
    task: 4,
    points: 5,
    probe: 'moons',
    timeoutMs: 10_000,
    prepare: (seed) => {
      const task = moonsTask(seed, 100, 200, 3);
      const opts = { ...MOONS_OPTS, steps: 50, T1: 10, T2: 30, threshold: 1.01 };
      const variants = [{ threshold: 0.9, alphaF: 0 }];
      const input = { X: task.X, y: task.y, Xtest: task.Xtest, gamma: MOONS_GAMMA, opts, variants, stream: false };
      return { input, secret: null };
    },
    observed: moonsObservation,
    judge: (obs, { input }) => {
      const [high, zero] = obs.runs;
      if (!high || !zero) return fail('selfTrain was not run twice.');
      if (high.labels.some((c, i) => input.y[i]! < 0 && c !== -1)) {
        return fail('With threshold 1.01 no probability qualifies, yet selfTrain returned pseudo-labels.');
      }
      if (high.lastLoss === null || zero.lastLoss === null) return fail('The training loss became NaN or Infinity.');
      const differ = high.pred.filter((p, i) => p !== zero.pred[i]).length;
      if (differ > 0 || !closeTo(high.lastLoss, zero.lastLoss, 1e-5, 1e-4)) {
        return fail(
          `Both runs should reduce to training on the labeled points only, but their models differ (${differ} test ` +
            `predictions, final losses ${fmt(high.lastLoss)} vs ${fmt(zero.lastLoss)}). Pseudo-labels may only enter ` +
            'through the weighted unlabeled term of pseudoLabelLoss.',
        );
      }
      return pass('No pseudo-labels and weight 0 give the same supervised model.');
    },
  }),
  defineTest({
    id: 'hidden-moons-behaviour',
    name: 'On a fresh moons split self-training is not worse than training on the 6 labels alone',
    task: 4,
    points: 10,
    probe: 'moons',
    needsRef: true,
    timeoutMs: 15_000,
    prepare: (seed) => {
      // The test labels stay here: the sandbox gets test points only, never their classes.
      const task = moonsTask(seed, 150, 300, 3);
      const variants = [{ threshold: 1.01 }];
      const input = { X: task.X, y: task.y, Xtest: task.Xtest, gamma: MOONS_GAMMA, opts: MOONS_OPTS, variants, stream: false };
      return { input, secret: { yTest: task.yTest } };
    },
    observed: moonsObservation,
    judge: (obs, { input, secret, ref }) => {
      const [run, baseline] = obs.runs;
      const bad = checkMoonsRun(run, input.y, secret.yTest.length) ?? checkMoonsRun(baseline, input.y, secret.yTest.length);
      if (bad || !run || !baseline) return bad ?? fail('No run.');
      const acc = accuracy(run.pred, secret.yTest);
      const base = accuracy(baseline.pred, secret.yTest);
      const want = refScores(ref, secret.yTest);
      const summary = `Self-training ${pct(acc)} vs labeled-only ${pct(base)} on hidden test points`;
      if (acc - base < Math.min(0, want.gain) - 0.02) {
        return fail(`${summary}: self-training made the model worse. Look for wrong pseudo-labels entering training.`);
      }
      if (acc < want.acc - 0.03) {
        return fail(
          `${summary}; the reference reaches ${pct(want.acc)}. Check that pseudo-labels are recomputed at every step ` +
            'and weighted by rampUp.',
        );
      }
      return pass(`${summary} (${acc >= base ? '+' : ''}${(100 * (acc - base)).toFixed(1)} points).`);
    },
  }),
];

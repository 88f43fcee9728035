import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import { mulberry32 } from '@/lib/datasets/prng';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

type Matrix = number[][];
export type Opts = {
  classes: number;
  steps: number;
  learningRate: number;
  threshold: number;
  T1: number;
  T2: number;
  alphaF: number;
};

const num = z.number().nullable();
const intList = z.array(z.number()).max(10_000);

export const selectObservation = z.object({
  results: z.array(z.object({ idx: intList, labels: intList, leaked: z.number().int(), inputDisposed: z.boolean() })).max(16),
});
export type SelectObservation = z.infer<typeof selectObservation>;
export const rampObservation = z.object({ values: z.array(num).max(1000) });
export const lossObservation = z.object({
  results: z
    .array(
      z.object({ value: num, shape: z.array(z.number().int()).max(8), leaked: z.number().int(), inputsDisposed: z.boolean() }),
    )
    .max(16),
});
export type LossObservation = z.infer<typeof lossObservation>;
export const gradObservation = z.object({ gradL: z.array(num).max(10_000), gradU: z.array(num).max(10_000) });
const stepReport = z.object({ step: z.number(), loss: num, weight: num, numPseudo: z.number() });
export const loopObservation = z.object({
  steps: z.array(stepReport).max(5000),
  labels: intList,
  leaked: z.number().int(),
  inputDisposed: z.boolean(),
});
export type LoopObservation = z.infer<typeof loopObservation>;
export const moonsObservation = z.object({
  runs: z
    .array(
      z.object({
        pred: intList,
        labels: intList,
        leaked: z.number().int(),
        inputDisposed: z.boolean(),
        stepCount: z.number().int(),
        lastLoss: num,
      }),
    )
    .min(1)
    .max(4),
});
export type MoonsObservation = z.infer<typeof moonsObservation>;

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });

export function closeTo(got: number | null | undefined, want: number, abs = 1e-4, rel = 1e-3): boolean {
  return typeof got === 'number' && Math.abs(got - want) <= abs + rel * Math.abs(want);
}

export const fmt = (v: number | null | undefined): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
const list = (v: ReadonlyArray<number>) => `[${v.join(', ')}]`;

/** The float32 value a probe's tensor actually holds, so judges compute on the same inputs. */
export const f32 = (m: Matrix): Matrix => m.map((row) => row.map((v) => Math.fround(v)));

export function softmax(row: number[]): number[] {
  const top = Math.max(...row);
  const e = row.map((v) => Math.exp(v - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function checkSelection(
  got: SelectObservation['results'][number] | undefined,
  want: { idx: number[]; labels: number[] },
  hint: string,
  labelNote?: string,
): Verdict | null {
  if (!got) return fail('selectPseudoLabels was not called the expected number of times.');
  if (got.inputDisposed) return fail('selectPseudoLabels disposed its input probs; the caller still needs them.');
  if (list(got.idx) !== list(want.idx)) {
    return fail(`selectPseudoLabels chose rows ${list(got.idx)} but should choose ${list(want.idx)}. ${hint}`);
  }
  if (list(got.labels) !== list(want.labels)) {
    return fail(
      `For rows ${list(want.idx)} the labels should be ${list(want.labels)} (the argmax), not ${list(got.labels)}.` +
        (labelNote ? ` ${labelNote}` : ''),
    );
  }
  return null;
}

/**
 * Probability rows from seeded random logits (3 classes), redrawn when the top probability is
 * within 1e-4 of 0.5 or 0.8: float32 rounding must not decide whether a row is kept.
 */
export function randomProbs(seed: number, rows: number): Matrix {
  const rand = mulberry32(seed);
  const draw = () => softmax([0, 0, 0].map(() => 6 * rand() - 3));
  return Array.from({ length: rows }, () => {
    let row = draw();
    while ([0.5, 0.8].some((t) => Math.abs(Math.max(...row) - t) < 1e-4)) row = draw();
    return row;
  });
}

/** Threshold sweep 0, 0.5, 0.8, 1.01 on the same rows: all, a shrinking chain of subsets, none. */
export function judgeSweep(obs: SelectObservation, probs: Matrix, hint: string): Verdict {
  const [all, mid, high, none] = obs.results;
  if (!all || !mid || !high || !none) return fail('selectPseudoLabels was not called four times.');
  const everyRow = probs.map((_, i) => i).join();
  if (all.idx.join() !== everyRow) {
    return fail(`With threshold 0 every row must be chosen, in order; got [${all.idx.join(', ')}].`);
  }
  for (let i = 0; i < probs.length; i++) {
    const row = probs[i]!;
    const label = all.labels[i];
    if (label === undefined || Math.fround(row[label] ?? -1) !== Math.fround(Math.max(...row))) {
      const best = row.indexOf(Math.max(...row));
      return fail(`Row ${i} got label ${fmt(label)}, but its largest probability is in column ${best}.`);
    }
  }
  if (none.idx.length > 0) {
    return fail(`With threshold 1.01 no probability qualifies, yet rows [${none.idx.join(', ')}] were chosen.`);
  }
  if (!high.idx.every((i) => mid.idx.includes(i))) {
    return fail('A row chosen at threshold 0.8 was dropped at threshold 0.5. Lowering the threshold may only add rows.');
  }
  for (const [r, t] of [[mid, 0.5], [high, 0.8]] as const) {
    for (let i = 0; i < probs.length; i++) {
      const top = Math.max(...probs[i]!);
      if ((top >= t) !== r.idx.includes(i)) {
        const was = r.idx.includes(i) ? 'was' : 'was not';
        return fail(`At threshold ${t}, row ${i} (max probability ${fmt(top)}) ${was} chosen. ${hint}`);
      }
    }
  }
  const leaked = Math.max(...obs.results.map((r) => r.leaked));
  if (leaked > 0) return fail(`selectPseudoLabels left ${leaked} tensor(s) behind; wrap tensor work in tf.tidy.`);
  return pass('Threshold 0 keeps all rows, 1.01 none, and the sets shrink as the threshold grows.');
}

export function checkLoss(got: LossObservation['results'][number] | undefined, want: number, hint: string): Verdict | null {
  if (!got) return fail('pseudoLabelLoss was not called the expected number of times.');
  if (got.shape.length !== 0) {
    return fail(`pseudoLabelLoss returned shape [${got.shape.join(', ')}]; return a scalar (shape []), e.g. with .mean().`);
  }
  if (got.value === null) return fail('pseudoLabelLoss returned NaN or Infinity. Is there a 0 / 0 when no row is selected?');
  if (got.inputsDisposed) return fail('pseudoLabelLoss disposed one of its inputs; only dispose tensors you created.');
  if (!closeTo(got.value, want, 1e-5, 1e-4)) {
    return fail(`pseudoLabelLoss returned ${fmt(got.value)}, expected ${fmt(want)}. ${hint}`);
  }
  return null;
}

const LOOP_LEAK_HINT =
  'Dispose the cost returned by optimizer.minimize, the per-step targets and mask, the tensors you gathered, ' +
  'and call optimizer.dispose() at the end.';

/**
 * What a frozen-model run must report: per-step loss and weight, final labels, pseudo-label count
 * (one number for every step, or one per step when the model changes its mind during the run).
 */
export type FrozenExpectation = {
  losses: number[];
  weights: number[];
  labels: number[];
  numPseudo: number | number[];
  /** Replaces the default advice when the final labels are wrong. */
  labelHint?: string;
};

export function judgeFrozenRun(obs: LoopObservation, y: number[], want: FrozenExpectation): Verdict {
  const steps = want.losses.length;
  if (obs.inputDisposed) return fail('selfTrain disposed the X it was given; dispose only the tensors you create.');
  for (let i = 0; i < y.length; i++) {
    if (y[i]! >= 0 && obs.labels[i] !== y[i]) {
      return fail(
        `Point ${i} came with label ${y[i]}, but selfTrain returned ${fmt(obs.labels[i])} for it. Pseudo-labels are ` +
          'for unlabeled points only (y = -1): never overwrite a given label, even when the model disagrees.',
      );
    }
  }
  if (obs.labels.length !== y.length || list(obs.labels) !== list(want.labels)) {
    return fail(
      `selfTrain returned labels ${list(obs.labels)}, expected ${list(want.labels)}. ` +
        (want.labelHint ??
          'Select with softmax probabilities (not logits), p_max >= threshold, and keep -1 for unlabeled points ' +
            'that are not selected.'),
    );
  }
  const pseudoAt = (t: number) => (typeof want.numPseudo === 'number' ? want.numPseudo : want.numPseudo[t]!);
  if (obs.steps.length !== steps) return fail(`onStep was called ${obs.steps.length} times for opts.steps = ${steps}.`);
  for (let t = 0; t < steps; t++) {
    const s = obs.steps[t]!;
    const w = want.weights[t]!;
    if (s.step !== t) return fail(`Call number ${t + 1} of onStep reported step ${s.step}; count steps from 0.`);
    if (s.numPseudo !== pseudoAt(t)) {
      return fail(`At step ${t} onStep reported numPseudo = ${s.numPseudo}; ${pseudoAt(t)} points pass the threshold.`);
    }
    if (!closeTo(s.loss, want.losses[t]!, 1e-4, 1e-4)) {
      const weightNote = closeTo(s.weight, w, 1e-6, 0) ? '' : ` (you reported weight ${fmt(s.weight)}, rampUp gives ${fmt(w)})`;
      return fail(
        `With a model that cannot learn, the loss at step ${t} should be ${fmt(want.losses[t])}, but onStep reported ` +
          `${fmt(s.loss)}${weightNote}. Use weight = rampUp(step, T1, T2, alphaF) and one-hot argmax targets for the ` +
          'selected points; soft probabilities as targets give a different loss (and a gradient through the targets).',
      );
    }
  }
  if (obs.leaked !== 0) {
    return fail(`selfTrain left ${obs.leaked} tensor(s) behind. ${LOOP_LEAK_HINT}`);
  }
  const what = typeof want.numPseudo === 'number' ? `${want.numPseudo}` : `${pseudoAt(steps - 1)} final`;
  return pass(`Loss at all ${steps} steps, the ${what} pseudo-labels and the given labels are right.`);
}

export function accuracy(pred: number[], truth: number[]): number {
  let right = 0;
  truth.forEach((c, i) => (right += pred[i] === c ? 1 : 0));
  return right / Math.max(truth.length, 1);
}

/** A moons training set (3 labels per moon, the rest -1) and a separate test set. */
export function moonsTask(seed: number, n: number, nTest: number, perClass: number) {
  const train = makeMoons(n, 0.1, seed);
  const test = makeMoons(nTest, 0.1, (seed ^ 0x2c1b3c6d) >>> 0);
  const labeled = new Set(pickLabeled(train.y, perClass, (seed ^ 0x5bd1e995) >>> 0));
  const y = train.y.map((c, i) => (labeled.has(i) ? c : -1));
  return { X: train.x, y, truth: train.y, Xtest: test.x, yTest: test.y };
}

/** The moons setting of the behaviour tests: an RBF network with kernel width gamma, and its schedule. */
export const MOONS_OPTS = { classes: 2, steps: 150, learningRate: 0.02, threshold: 0.95, T1: 20, T2: 80, alphaF: 3 };
export const MOONS_GAMMA = 60;

export const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Shared first checks of a moons run: contract, memory, given labels kept. */
export function checkMoonsRun(run: MoonsObservation['runs'][number] | undefined, y: number[], nTest: number): Verdict | null {
  if (!run) return fail('selfTrain was not run the expected number of times.');
  if (run.inputDisposed) return fail('selfTrain disposed the X it was given; dispose only the tensors you create.');
  if (run.pred.length !== nTest) return fail('The model could not predict the test points.');
  if (run.lastLoss === null) return fail('The training loss became NaN or Infinity. Check pseudoLabelLoss first.');
  if (run.labels.length !== y.length) return fail(`selfTrain returned ${run.labels.length} labels for ${y.length} points.`);
  if (y.some((c, i) => c >= 0 && run.labels[i] !== c)) return fail('selfTrain changed the label of a labeled point.');
  if (run.leaked !== 0) return fail(`selfTrain left ${run.leaked} tensor(s) behind after training. ${LOOP_LEAK_HINT}`);
  return null;
}

export type GradCase = { logitsL: Matrix; yL: Matrix; logitsU: Matrix; targetsU: Matrix; maskU: number[]; weight: number };

/**
 * With the targets held fixed, d loss / d z = (softmax(z) - target) times the row's factor:
 * 1 / nL for labeled rows, weight * mask_i / nU for unlabeled rows. A property of the cross-entropy
 * itself, so the public tests may state it.
 */
export function judgeGradient(obs: z.infer<typeof gradObservation>, c: GradCase): Verdict {
  const blocks = [
    { name: 'logitsL', got: obs.gradL, z: f32(c.logitsL), t: c.yL, factor: (_: number) => 1 / c.logitsL.length },
    {
      name: 'logitsU',
      got: obs.gradU,
      z: f32(c.logitsU),
      t: c.targetsU,
      factor: (i: number) => (c.weight * c.maskU[i]!) / c.logitsU.length,
    },
  ];
  for (const b of blocks) {
    const cols = b.z[0]!.length;
    if (b.got.length !== b.z.length * cols) return fail(`The gradient w.r.t. ${b.name} has the wrong number of entries.`);
    for (let i = 0; i < b.z.length; i++) {
      const p = softmax(b.z[i]!);
      for (let k = 0; k < cols; k++) {
        const want = b.factor(i) * (p[k]! - b.t[i]![k]!);
        const got = b.got[i * cols + k];
        if (!closeTo(got, want, 1e-5, 1e-3)) {
          const unl = b.name === 'logitsU';
          return fail(
            `d loss / d ${b.name}[${i}][${k}] is ${fmt(got)}, expected ${fmt(want)} = ` +
              (unl ? 'weight * mask * (softmax - target) / nU' : '(softmax - yL) / nL') +
              '. ' +
              (unl
                ? 'The targets are constants: build the unlabeled term from targetsU, not from softmax(logitsU), ' +
                  'and average over all nU rows.'
                : 'Average the labeled cross-entropy over the nL rows.'),
          );
        }
      }
    }
  }
  return pass('The gradient is softmax minus target, scaled per row: no gradient reaches the targets.');
}

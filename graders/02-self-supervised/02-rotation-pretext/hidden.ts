import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  batchObservation,
  blockLabels,
  checkShape,
  closeTo,
  compareFlat,
  fail,
  fmt,
  labelsVerdict,
  lossObservation,
  pass,
  pixelName,
  randomImages,
  rotObservation,
  trainObservation,
  trainVerdict,
  type Shape4,
} from './checks';
import { rotatedEvalSet } from './glyph-style';

// Server only: never bundled for the browser. Expected values come from the index arithmetic
// and float64 maths below, written independently of the tfjs reference.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-rotation-pretext-9653';

/** k counter-clockwise quarter turns of every NHWC image: out[r][c] = in[c][W - 1 - r], k times. */
function turn(x: ReadonlyArray<number>, shape: Shape4, k: number): { values: number[]; shape: Shape4 } {
  const [n, , , c] = shape;
  let [, h, w] = shape;
  let cur = [...x];
  for (let t = 0; t < ((k % 4) + 4) % 4; t++) {
    const out = new Array<number>(cur.length);
    // After the turn, height and width swap.
    const [nh, nw] = [w, h];
    for (let b = 0; b < n; b++)
      for (let r = 0; r < nh; r++)
        for (let col = 0; col < nw; col++)
          for (let ch = 0; ch < c; ch++) out[((b * nh + r) * nw + col) * c + ch] = cur[((b * h + col) * w + (w - 1 - r)) * c + ch]!;
    cur = out;
    [h, w] = [nh, nw];
  }
  return { values: cur, shape: [n, h, w, c] };
}

function crossEntropy64(logits: number[][], labels: number[]): { loss: number; grad: number[] } {
  const b = logits.length;
  let loss = 0;
  const grad: number[] = [];
  logits.forEach((row, i) => {
    const top = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - top));
    const total = exps.reduce((s, v) => s + v, 0);
    loss += Math.log(total) + top - row[labels[i]!]!;
    exps.forEach((e, j) => grad.push((e / total - (j === labels[i] ? 1 : 0)) / b));
  });
  return { loss: loss / b, grad };
}

const HELD_OUT = 240;
const TRAIN_STEPS = 60;

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-rot90-ref',
    name: 'rot90 matches an index-by-index rotation for k = 1, 2, 3, -1, 6 and -7 on wide three-channel images',
    task: 1,
    points: 5,
    probe: 'rot90',
    prepare: (seed) => {
      const shape: Shape4 = [2, 3, 5, 3];
      const x = randomImages(mulberry32(seed), shape);
      return { input: { cases: [1, 2, 3, -1, 6, -7].map((k) => ({ x, shape, k })) }, secret: null };
    },
    observed: rotObservation,
    judge: (obs, { input }) => {
      for (let i = 0; i < input.cases.length; i++) {
        const { x, shape, k } = input.cases[i]! as { x: number[]; shape: Shape4; k: number };
        const want = turn(x, shape, k);
        const bad = compareFlat(`rot90(x, ${k})`, obs.results[i], want.shape, want.values, 'Turn counter-clockwise; only k mod 4 matters.', pixelName(want.shape));
        if (bad) return bad;
      }
      return pass('Every turn matches.');
    },
  }),
  defineTest({
    id: 'hidden-batch-ref',
    name: 'rotateBatch matches the reference layout on five 6 x 6 three-channel images',
    task: 2,
    points: 5,
    probe: 'rotateBatch',
    prepare: (seed) => {
      const shape: Shape4 = [5, 6, 6, 3];
      return { input: { cases: [{ x: randomImages(mulberry32(seed), shape), shape }] }, secret: null };
    },
    observed: batchObservation,
    judge: (obs, { input }) => {
      const { x, shape } = input.cases[0]! as { x: number[]; shape: Shape4 };
      const r = obs.results[0];
      if (!r) return fail('rotateBatch was not called.');
      const want = [0, 1, 2, 3].flatMap((k) => turn(x, shape, k).values);
      const hint = 'Block k (images k*N .. k*N + N - 1) must be every input image turned k times, in input order.';
      return (
        compareFlat('rotateBatch images', r.images, [20, 6, 6, 3], want, hint, pixelName([20, 6, 6, 3])) ??
        labelsVerdict(r.labels, 5) ??
        pass('The whole batch matches.')
      );
    },
  }),
  defineTest({
    id: 'hidden-batch-single',
    name: 'rotateBatch works for a batch of one image',
    task: 2,
    points: 3,
    probe: 'rotateBatch',
    prepare: (seed) => {
      const shape: Shape4 = [1, 4, 4, 1];
      return { input: { cases: [{ x: randomImages(mulberry32(seed), shape), shape }] }, secret: null };
    },
    observed: batchObservation,
    judge: (obs, { input }) => {
      const { x, shape } = input.cases[0]! as { x: number[]; shape: Shape4 };
      const r = obs.results[0];
      if (!r) return fail('rotateBatch was not called.');
      const want = [0, 1, 2, 3].flatMap((k) => turn(x, shape, k).values);
      return (
        compareFlat('rotateBatch images', r.images, [4, 4, 4, 1], want, 'Do not assume a batch size.', pixelName([4, 4, 4, 1])) ??
        (r.labels.values.join() === blockLabels(1).join() ? null : fail('With one image the labels are [0, 1, 2, 3].')) ??
        pass('One image gives its four rotations.')
      );
    },
  }),
  defineTest({
    id: 'hidden-loss-ref',
    name: 'rotationLoss and its gradient match float64 on a random batch of 12',
    task: 3,
    points: 5,
    probe: 'rotationLoss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const logits = Array.from({ length: 12 }, () => Array.from({ length: 4 }, () => 6 * rand() - 3));
      const labels = Array.from({ length: 12 }, () => Math.floor(4 * rand()));
      return { input: { cases: [{ logits, labels }] }, secret: null };
    },
    observed: lossObservation,
    judge: (obs, { input }) => {
      const { logits, labels } = input.cases[0]! as { logits: number[][]; labels: number[] };
      const want = crossEntropy64(logits, labels);
      const r = obs.results[0];
      if (!r) return fail('rotationLoss was not called.');
      const bad = checkShape('rotationLoss', r.loss, []);
      if (bad) return bad;
      if (!closeTo(r.loss.values[0] ?? NaN, want.loss)) return fail(`The loss is ${fmt(r.loss.values[0])} but should be ${fmt(want.loss)}.`);
      return compareFlat('The gradient of rotationLoss', r.grad, [12, 4], want.grad, 'It should be (softmax - onehot) / B.', undefined, 1e-4) ?? pass('Loss and gradient match.');
    },
  }),
  defineTest({
    id: 'hidden-train',
    name: 'Trained on your rotations of fresh glyphs, the network predicts hidden rotations (at least 75%)',
    task: 3,
    points: 6,
    probe: 'train',
    timeoutMs: 5000,
    prepare: (seed) => {
      const held = rotatedEvalSet(HELD_OUT, seed % 1_000_003);
      const input = {
        poolSeed: (seed >>> 3) % 1_000_003,
        poolSize: 512,
        initSeed: (seed >>> 11) % 1000,
        steps: TRAIN_STEPS,
        batch: 32,
        hidden: 64,
        learningRate: 0.02,
        evalPixels: held.pixels,
        evalCount: HELD_OUT,
      };
      return { input, secret: { turns: held.turns } };
    },
    observed: trainObservation,
    judge: (obs, { secret }) => trainVerdict(obs, secret.turns, TRAIN_STEPS, 0.75),
  }),
];

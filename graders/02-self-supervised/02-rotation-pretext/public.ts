import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  batchObservation,
  checkShape,
  closeTo,
  compareFlat,
  fail,
  flipBoth,
  fmt,
  labelsVerdict,
  leakVerdict,
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

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

const CCW =
  'Turn counter-clockwise as the image is displayed (row 0 at the top): the top row becomes the left ' +
  'column, read from the bottom up. tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 1) does one quarter turn.';

// Rows of a 3 x 3 image and its counter-clockwise quarter turns, worked out by hand.
const GRID = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const GRID_TURNS: Record<number, number[]> = {
  0: GRID,
  1: [3, 6, 9, 2, 5, 8, 1, 4, 7],
  2: [9, 8, 7, 6, 5, 4, 3, 2, 1],
  3: [7, 4, 1, 8, 5, 2, 9, 6, 3],
};

// Two 2 x 3 images with two channels (values 0..23 in NHWC order), turned once.
const WIDE = Array.from({ length: 24 }, (_, i) => i);
const WIDE_TURNED = [4, 5, 10, 11, 2, 3, 8, 9, 0, 1, 6, 7, 16, 17, 22, 23, 14, 15, 20, 21, 12, 13, 18, 19];

// Logits of three examples and their labels; the mean cross-entropy is 1.098473 (float64).
const LOGITS = [[2, 0, 0, 0], [0, 0, 1, 0], [0, 3, 0, 1]];
const LOGIT_LABELS = [0, 2, 3];

const TRAIN_STEPS = 60;

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'rot90-grid',
    name: 'rot90 turns a 3 x 3 grid counter-clockwise by k = 0, 1, 2 and 3 quarter turns',
    task: 1,
    points: 8,
    probe: 'rot90',
    prepare: () => ({
      input: { cases: [0, 1, 2, 3].map((k) => ({ x: GRID, shape: [1, 3, 3, 1], k })) },
      secret: null,
    }),
    observed: rotObservation,
    judge: (obs) => {
      for (const k of [1, 2, 3, 0]) {
        const bad = compareFlat(`rot90(x, ${k})`, obs.results[k], [1, 3, 3, 1], GRID_TURNS[k]!, CCW, pixelName([1, 3, 3, 1]));
        if (bad) {
          const clockwise = k === 1 && obs.results[1]?.values.join() === GRID_TURNS[3]!.join();
          return clockwise ? fail('rot90(x, 1) turned the grid clockwise. It must turn counter-clockwise.') : bad;
        }
      }
      return pass('All four turns of the grid match.');
    },
  }),
  defineTest({
    id: 'rot90-wide',
    name: 'rot90 turns non-square, two-channel images and swaps height and width',
    task: 1,
    points: 6,
    probe: 'rot90',
    prepare: () => ({ input: { cases: [{ x: WIDE, shape: [2, 2, 3, 2], k: 1 }] }, secret: null }),
    observed: rotObservation,
    judge: (obs) => {
      const hint = `Transpose only height and width (axes 1 and 2); batch and channels stay where they are. ${CCW}`;
      return compareFlat('rot90(x, 1)', obs.results[0], [2, 3, 2, 2], WIDE_TURNED, hint, pixelName([2, 3, 2, 2])) ?? pass('Shapes and values match.');
    },
  }),
  defineTest({
    id: 'rot90-turns',
    name: 'rot90: four quarter turns give the image back, two flip both axes, and k counts modulo 4',
    task: 1,
    points: 6,
    probe: 'rot90',
    prepare: (seed) => {
      const shape: Shape4 = [2, 4, 4, 1];
      const x = randomImages(mulberry32(seed), shape);
      const cases = [
        { x, shape, k: 1, times: 4 },
        { x, shape, k: 2, times: 1 },
        { x, shape, k: -1, times: 1 },
        { x, shape, k: 3, times: 1 },
        { x, shape, k: 5, times: 1 },
        { x, shape, k: 1, times: 1 },
      ];
      return { input: { cases }, secret: null };
    },
    observed: rotObservation,
    judge: (obs, { input }) => {
      const { x, shape } = input.cases[0]! as { x: number[]; shape: Shape4 };
      const name = pixelName(shape);
      const four = compareFlat('rot90 applied four times with k = 1', obs.results[0], shape, x, 'Four quarter turns make a full turn.', name);
      if (four) return four;
      const half = compareFlat('rot90(x, 2)', obs.results[1], shape, flipBoth(x, shape), 'Half a turn flips the rows and the columns.', name);
      if (half) return half;
      const same = (a: number, b: number, what: string) => {
        const ra = obs.results[a];
        const rb = obs.results[b];
        const bad = checkShape(`rot90`, ra, shape) ?? checkShape('rot90', rb, shape);
        if (bad || !ra || !rb) return bad ?? fail('No result.');
        return ra.values.every((v, i) => closeTo(v ?? NaN, rb.values[i] ?? NaN, 1e-6, 0))
          ? null
          : fail(`${what}. Only k mod 4 matters; for negative k, ((k % 4) + 4) % 4 gives the right count.`);
      };
      return (
        same(2, 3, 'rot90(x, -1) (one clockwise turn) should equal rot90(x, 3)') ??
        same(4, 5, 'rot90(x, 5) should equal rot90(x, 1)') ??
        pass('Full turns, half turns and k modulo 4 all behave.')
      );
    },
  }),
  defineTest({
    id: 'rot90-memory',
    name: 'rot90 does not leak tensors and returns a new tensor, a copy for k = 0',
    task: 1,
    points: 2,
    probe: 'rot90',
    prepare: (seed) => {
      const x = randomImages(mulberry32(seed), [2, 4, 4, 1]);
      return { input: { cases: [{ x, shape: [2, 4, 4, 1], k: 3 }, { x, shape: [2, 4, 4, 1], k: 0 }] }, secret: null };
    },
    observed: rotObservation,
    judge: (obs) =>
      checkShape('rot90', obs.results[0], [2, 4, 4, 1]) ??
      checkShape('rot90', obs.results[1], [2, 4, 4, 1]) ??
      (obs.results.some((r) => r.returnedInput)
        ? fail(
            'rot90(x, 0) returned x itself. Return x.clone(): whoever disposes the result (your rotateBatch, ' +
              'a training loop) would otherwise destroy the caller\'s input.',
          )
        : null) ??
      leakVerdict('rot90', obs.results.map((r) => r.leaked)),
  }),
  defineTest({
    id: 'batch-tiny',
    name: 'rotateBatch stacks two 2 x 2 images in all four rotations with labels [0, 0, 1, 1, 2, 2, 3, 3]',
    task: 2,
    points: 8,
    probe: 'rotateBatch',
    prepare: () => ({ input: { cases: [{ x: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2, 1] }] }, secret: null }),
    observed: batchObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('rotateBatch was not called.');
      // Image a = [[1, 2], [3, 4]] turns into [[2, 4], [1, 3]], [[4, 3], [2, 1]], [[3, 1], [4, 2]]; b = a + 4.
      const a = [[1, 2, 3, 4], [2, 4, 1, 3], [4, 3, 2, 1], [3, 1, 4, 2]];
      const want = a.flatMap((img) => [...img, ...img.map((v) => v + 4)]);
      const hint = 'Images come in blocks: both images unturned, then both turned once, twice, three times.';
      return (
        compareFlat('rotateBatch images', r.images, [8, 2, 2, 1], want, hint, pixelName([8, 2, 2, 1])) ??
        labelsVerdict(r.labels, 2) ??
        pass('Images and labels match.')
      );
    },
  }),
  defineTest({
    id: 'batch-aligned',
    name: 'rotateBatch: blocks 0 and 2 are x unturned and half-turned, labels are int32, the input survives',
    task: 2,
    points: 6,
    probe: 'rotateBatch',
    prepare: (seed) => ({ input: { cases: [{ x: randomImages(mulberry32(seed), [3, 4, 4, 2]), shape: [3, 4, 4, 2] }] }, secret: null }),
    observed: batchObservation,
    judge: (obs, { input }) => {
      const r = obs.results[0];
      if (!r) return fail('rotateBatch was not called.');
      const bad = checkShape('rotateBatch images', r.images, [12, 4, 4, 2]) ?? labelsVerdict(r.labels, 3);
      if (bad) return bad;
      if (!r.inputIntact) return fail('rotateBatch disposed its input x. Leave the caller\'s tensors alone.');
      // Block 2 must be the half turn, which is a flip of both axes: checkable without rotating.
      const x = input.cases[0]!.x as number[];
      const per = x.length;
      const block = (k: number) => r.images.values.slice(k * per, (k + 1) * per).map((v) => v ?? NaN);
      const flipped = flipBoth(x, [3, 4, 4, 2]);
      const equal = (a: number[], b: number[]) => a.every((v, i) => closeTo(v, b[i]!, 1e-5, 1e-6));
      if (!equal(block(0), x)) return fail('The first block of images should be x itself, unturned (label 0).');
      if (!equal(block(2), flipped)) {
        return fail('The third block (label 2) should be x turned twice: every image flipped upside down and left to right.');
      }
      const mirror = equal(block(1), flipBoth(block(3), [3, 4, 4, 2]));
      if (!mirror) return fail('Blocks 1 and 3 should be one turn and three turns of the same images (a half turn apart).');
      return pass('All four blocks line up with their labels.');
    },
  }),
  defineTest({
    id: 'batch-memory',
    name: 'rotateBatch does not leak tensors',
    task: 2,
    points: 2,
    probe: 'rotateBatch',
    prepare: (seed) => ({ input: { cases: [{ x: randomImages(mulberry32(seed), [2, 3, 3, 1]), shape: [2, 3, 3, 1] }] }, secret: null }),
    observed: batchObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('rotateBatch was not called.');
      return checkShape('rotateBatch images', r.images, [8, 3, 3, 1]) ?? leakVerdict('rotateBatch', [r.leaked]);
    },
  }),
  defineTest({
    id: 'loss-tiny',
    name: 'rotationLoss is the mean cross-entropy on three hand-checked examples (1.098473)',
    task: 3,
    points: 6,
    probe: 'rotationLoss',
    prepare: () => ({ input: { cases: [{ logits: LOGITS, labels: LOGIT_LABELS }] }, secret: null }),
    observed: lossObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('rotationLoss was not called.');
      const bad = checkShape('rotationLoss', r.loss, []);
      if (bad) return bad;
      const got = r.loss.values[0] ?? NaN;
      if (closeTo(got, 1.098473)) return pass('The loss is 1.098473.');
      const known: Array<[number, string]> = [
        [3.295419, 'That is the sum over the batch; take the mean.'],
        [2.735226, 'That is what tf.losses.softmaxCrossEntropy gives with its arguments swapped: one-hot labels first, logits second.'],
      ];
      const why = known.find(([v]) => closeTo(got, v))?.[1] ?? 'Take -log softmax(logits)[label] for each row, then the mean.';
      return fail(`The loss should be 1.098473 but is ${fmt(got)}. ${why}`);
    },
  }),
  defineTest({
    id: 'loss-properties',
    name: 'rotationLoss is log 4 for equal logits, ignores a constant per row, and has gradient (softmax - onehot) / B',
    task: 3,
    points: 5,
    probe: 'rotationLoss',
    prepare: () => ({
      input: {
        cases: [
          { logits: [[0, 0, 0, 0], [5, 5, 5, 5]], labels: [1, 3] },
          { logits: LOGITS.map((row, i) => row.map((v) => v + 10 * i - 7)), labels: LOGIT_LABELS },
        ],
      },
      secret: null,
    }),
    observed: lossObservation,
    judge: (obs) => {
      const [flat, shifted] = obs.results;
      if (!flat || !shifted) return fail('rotationLoss was not called twice.');
      const bad = checkShape('rotationLoss', flat.loss, []) ?? checkShape('rotationLoss', shifted.loss, []);
      if (bad) return bad;
      if (!closeTo(flat.loss.values[0] ?? NaN, Math.log(4))) {
        return fail(`With four equal logits every rotation gets probability 1/4, so the loss is log 4 = 1.386294, not ${fmt(flat.loss.values[0])}.`);
      }
      if (!closeTo(shifted.loss.values[0] ?? NaN, 1.098473)) {
        return fail('Adding the same number to every logit of a row changed the loss. Use a softmax (tf.losses.softmaxCrossEntropy or tf.logSoftmax).');
      }
      const g = flat.grad;
      const want = [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375];
      return (
        compareFlat('The gradient of rotationLoss', g, [2, 4], want, 'Average over the batch and use a softmax over the 4 classes.') ??
        pass('log 4 for equal logits, shift invariance and the gradient all hold.')
      );
    },
  }),
  defineTest({
    id: 'loss-memory',
    name: 'rotationLoss does not leak tensors',
    task: 3,
    points: 2,
    probe: 'rotationLoss',
    prepare: () => ({ input: { cases: [{ logits: LOGITS, labels: LOGIT_LABELS }] }, secret: null }),
    observed: lossObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('rotationLoss was not called.');
      return checkShape('rotationLoss', r.loss, []) ?? leakVerdict('rotationLoss', [r.loss.leaked]);
    },
  }),
  defineTest({
    id: 'train',
    name: `A small network trained on your rotated glyphs predicts the rotation of new glyphs (at least 75%)`,
    task: 3,
    points: 8,
    probe: 'train',
    timeoutMs: 5000,
    prepare: () => {
      // The same 200 held-out glyphs for everyone, rendered at known turns (image i at i % 4).
      const held = rotatedEvalSet(200, 31);
      const input = {
        poolSeed: 2018,
        poolSize: 512,
        initSeed: 3,
        steps: TRAIN_STEPS,
        batch: 32,
        hidden: 64,
        learningRate: 0.02,
        evalPixels: held.pixels,
        evalCount: held.turns.length,
      };
      return { input, secret: { turns: held.turns } };
    },
    observed: trainObservation,
    judge: (obs, { secret }) => trainVerdict(obs, secret.turns, TRAIN_STEPS, 0.75),
  }),
];

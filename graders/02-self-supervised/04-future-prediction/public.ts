import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  closeTo,
  fail,
  fmt,
  learnsVerdict,
  nceObservation,
  nceValueVerdict,
  pairsObservation,
  pairsShapeVerdict,
  pass,
  randomFrames,
  randomMatrix,
  trainObservation,
} from './checks';

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

const eye = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));

/** Frame j of sequence b is [j, 10 b, 1]: any wrong index shows up in the numbers. */
const INDEX_FRAMES = [0, 1].map((b) => Array.from({ length: 7 }, (_, j) => [j, 10 * b, 1]));

/** The CPC run of the exercise: 8 frames of 16 samples, predict 2 frames ahead, batch of 32. */
export const TONES_RUN = {
  kind: 'tones',
  dataSeed: 2019,
  nTrain: 512,
  nEval: 256,
  frameLen: 16,
  frames: 8,
  k: 2,
  steps: 200,
  batch: 32,
  lr: 0.01,
  temperature: 0.5,
} as const;

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'nce-identical',
    name: 'infoNCE is log B when every prediction and target is the same vector',
    task: 1,
    points: 6,
    probe: 'nce',
    prepare: () => {
      const same = (b: number) => Array.from({ length: b }, () => [0.3, -0.2, 0.5]);
      return {
        input: { cases: [{ pred: same(4), target: same(4), temperature: 0.5 }, { pred: same(8), target: same(8), temperature: 0.1 }] },
        secret: null,
      };
    },
    observed: nceObservation,
    judge: (obs) => {
      const hint =
        'All B candidates then score the same, so the softmax gives 1/B to the right one and the loss is -log(1/B). ' +
        'Check that you use all B targets as candidates (a softmax over each row) and average over the batch.';
      return (
        nceValueVerdict(obs, 0, Math.log(4), hint) ??
        nceValueVerdict(obs, 1, Math.log(8), hint) ??
        pass('log 4 and log 8: with nothing to tell the candidates apart, the loss is log B.')
      );
    },
  }),
  defineTest({
    id: 'nce-orthogonal',
    name: 'infoNCE goes to 0 when each prediction equals its own target and the targets are orthogonal',
    task: 1,
    points: 6,
    probe: 'nce',
    prepare: () => ({
      input: {
        cases: [
          { pred: eye(4), target: eye(4), temperature: 0.1 },
          { pred: eye(4, 10), target: eye(4, 10), temperature: 1 },
        ],
      },
      secret: null,
    }),
    observed: nceObservation,
    judge: (obs) => {
      // Case 1: the right candidate scores 1 / 0.1 = 10, the three others 0: log(1 + 3 e^-10).
      const small = Math.log(1 + 3 * Math.exp(-10));
      // What unit-length (cosine) scores give on the second case: the right candidate scores 1, the others 0.
      const normalised = Math.log(1 + 3 * Math.exp(-1));
      const got = obs.results[1]?.value;
      const hint2 =
        typeof got === 'number' && closeTo(got, normalised)
          ? 'These vectors have length 10, so the right score is 100: use pred and target as they are, without ' +
            'normalising them (InfoNCE here has no cosine similarity).'
          : 'Scores of 100 must not overflow: use tf.logSoftmax, not exp() and a division.';
      return (
        nceValueVerdict(obs, 0, small, 'Divide the dot products by the temperature (0.1 here) before the softmax.') ??
        nceValueVerdict(obs, 1, 0, hint2) ??
        pass(`${fmt(small)} and 0: a confident, correct prediction costs (almost) nothing.`)
      );
    },
  }),
  defineTest({
    id: 'nce-tiny',
    name: 'infoNCE matches hand-computed values on three 2-D vectors at two temperatures',
    task: 1,
    points: 8,
    probe: 'nce',
    prepare: () => {
      const pred = [[1, 0], [0, 1], [1, 1]];
      const target = [[1, 0.1], [0.2, 1], [1, 0.9]];
      return { input: { cases: [{ pred, target, temperature: 0.5 }, { pred, target, temperature: 0.1 }] }, secret: null };
    },
    observed: nceObservation,
    judge: (obs) => {
      const hint =
        'logits = pred · targetᵀ / temperature; row i is a softmax over the B targets with target i the right one ' +
        '(softmax over each row, not each column); average the B cross-entropies.';
      return (
        nceValueVerdict(obs, 0, 0.61499101, hint) ??
        nceValueVerdict(obs, 1, 0.33597112, hint) ??
        pass('0.614991 at temperature 0.5 and 0.335971 at 0.1.')
      );
    },
  }),
  defineTest({
    id: 'nce-memory',
    name: 'infoNCE returns a scalar and does not leak tensors',
    task: 1,
    points: 3,
    probe: 'nce',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [{ pred: randomMatrix(rand, 5, 4), target: randomMatrix(rand, 5, 4), temperature: 0.3 }] }, secret: null };
    },
    observed: nceObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('No result.');
      if (r.shape.length !== 0) return fail(`infoNCE returned shape [${r.shape.join(', ')}]; a loss is a scalar (shape []).`);
      if (r.leaked > 0) return fail(`infoNCE left ${r.leaked} tensor(s) behind. Wrap the body in tf.tidy(() => { ... }).`);
      return pass('A scalar, and no tensors left behind.');
    },
  }),
  defineTest({
    id: 'pairs-index-frames',
    name: 'makeContextTargetPairs averages frames 0..t and takes frame t + k (frames numbered by their index)',
    task: 2,
    points: 8,
    probe: 'pairs',
    prepare: () => ({ input: { cases: [{ frames: INDEX_FRAMES, t: 2, k: 3 }] }, secret: null }),
    observed: pairsObservation,
    judge: (obs) => {
      const r = obs.results[0];
      const bad = pairsShapeVerdict(r, 2, 3);
      if (bad || !r) return bad ?? fail('No result.');
      for (let b = 0; b < 2; b++) {
        const [ci, cb, cOnes] = r.context.slice(3 * b, 3 * b + 3);
        const [ti, tb] = r.target.slice(3 * b, 3 * b + 3);
        if (!closeTo(ti ?? NaN, 5, 1e-6, 0)) {
          const which = typeof ti === 'number' && Number.isInteger(ti) ? `frame ${ti}` : `the value ${fmt(ti)}`;
          return fail(`The target of sequence ${b} is ${which}; with t = 2 and k = 3 it must be frame t + k = 5.`);
        }
        if (!closeTo(cb ?? NaN, 10 * b, 1e-5, 0) || !closeTo(tb ?? NaN, 10 * b, 1e-5, 0)) {
          return fail(`Row ${b} mixes frames of different sequences; every row must come from its own sequence only.`);
        }
        if (!closeTo(cOnes ?? NaN, 1, 1e-6, 0)) {
          return fail(
            `A column of ones should stay 1 in the context, but it is ${fmt(cOnes)}: take the mean, that is the sum of ` +
              'frames 0..t divided by their number, t + 1.',
          );
        }
        if (!closeTo(ci ?? NaN, 1, 1e-6, 0)) {
          const last = typeof ci === 'number' ? 2 * ci : NaN;
          // Frame j holds j in this column, so a single frame and a mean of frames 0..2j look alike.
          const alone = typeof ci === 'number' && Number.isInteger(ci) ? ` frame ${ci} alone or` : '';
          const why =
            Number.isInteger(last) && last > 2
              ? ` That is${alone} the mean of frames 0..${last}. The context is the mean of every frame from 0 up to ` +
                't = 2 and of nothing after t, which the model must not see.'
              : Number.isInteger(last)
                ? ` That is${alone} the mean of frames 0..${last}; every frame from 0 up to t = 2 belongs to the context.`
                : '';
          return fail(`The context of sequence ${b} is ${fmt(ci)} in the index column, expected 1 (the mean of 0, 1, 2).${why}`);
        }
      }
      return pass('Context = mean of frames 0..t, target = frame t + k, each row from its own sequence.');
    },
  }),
  defineTest({
    id: 'pairs-no-future',
    name: 'The context does not change when frames after t change, but does when frame t changes',
    task: 2,
    points: 8,
    probe: 'pairs',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const frames = randomFrames(rand, 3, 8, 4);
      const future = frames.map((seq) => seq.map((f, j) => (j > 3 ? f.map(() => 5 * (2 * rand() - 1)) : f)));
      const present = frames.map((seq) => seq.map((f, j) => (j === 3 ? f.map((v) => v + 1 + rand()) : f)));
      const cases = [frames, future, present].map((f) => ({ frames: f, t: 3, k: 2 }));
      return { input: { cases }, secret: null };
    },
    observed: pairsObservation,
    judge: (obs) => {
      const [base, future, present] = obs.results;
      for (const r of [base, future, present]) {
        const bad = pairsShapeVerdict(r, 3, 4);
        if (bad) return bad;
      }
      const differ = (a: (number | null)[], b: (number | null)[]) => a.some((v, i) => !closeTo(v ?? NaN, b[i] ?? NaN, 1e-6, 1e-5));
      if (differ(base!.context, future!.context)) {
        return fail(
          'Changing only frames t+1, t+2, ... changed the context. The context must be built from frames 0..t alone: ' +
            'a context that sees the future makes prediction trivial, and the representation learns nothing useful.',
        );
      }
      if (!differ(base!.context, present!.context)) {
        return fail('Changing frame t did not change the context. Frame t is the present and belongs to the context.');
      }
      return pass('The context only sees frames up to and including t.');
    },
  }),
  defineTest({
    id: 'pairs-memory',
    name: 'makeContextTargetPairs does not leak tensors',
    task: 2,
    points: 3,
    probe: 'pairs',
    prepare: (seed) => ({ input: { cases: [{ frames: randomFrames(mulberry32(seed), 2, 6, 3), t: 2, k: 1 }] }, secret: null }),
    observed: pairsObservation,
    judge: (obs) => {
      const r = obs.results[0];
      const bad = pairsShapeVerdict(r, 2, 3);
      if (bad || !r) return bad ?? fail('No result.');
      if (r.leaked > 0) {
        return fail(`makeContextTargetPairs left ${r.leaked} tensor(s) behind. tf.tidy can return the { context, target } object.`);
      }
      return pass('Only context and target are left, as they should be.');
    },
  }),
  defineTest({
    id: 'cpc-train',
    name: 'Trained with your functions, a small CPC model picks the true future among 32 far above chance',
    task: 2,
    points: 8,
    probe: 'train',
    timeoutMs: 20_000,
    prepare: (seed) => ({ input: { ...TONES_RUN, seed }, secret: null }),
    observed: trainObservation,
    judge: (obs) => learnsVerdict(obs, 0.1),
  }),
];

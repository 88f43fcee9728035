import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32, permutation } from '@/lib/datasets/prng';
import {
  closeTo,
  fail,
  fmt,
  logitsOf,
  nceObservation,
  nceValueVerdict,
  pairsObservation,
  pairsValueVerdict,
  pass,
  randomFrames,
  randomMatrix,
  referenceNCE,
  referenceNCEGrad,
  rowCrossEntropy,
  trainObservation,
} from './checks';
import { TONES_RUN } from './public';

// Server only: never bundled for the browser. Expected values come from float64 arithmetic here.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-future-prediction-3d6a';

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-nce-random',
    name: 'infoNCE equals the row-wise cross-entropy of pred · targetᵀ / temperature on random batches',
    task: 1,
    points: 5,
    probe: 'nce',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const cases = [6, 9].map((b) => ({
        pred: randomMatrix(rand, b, 5, 2),
        target: randomMatrix(rand, b, 5, 2),
        temperature: 0.1 + 0.9 * rand(),
      }));
      return { input: { cases }, secret: null };
    },
    observed: nceObservation,
    judge: (obs, { input }) => {
      for (let k = 0; k < input.cases.length; k++) {
        const c = input.cases[k]!;
        const want = referenceNCE(c.pred, c.target, c.temperature);
        const bad = nceValueVerdict(obs, k, want, 'Compare with the one-directional cross-entropy on the same logits.');
        if (bad) return bad;
      }
      return pass('Matches the float64 cross-entropy on two random batches.');
    },
  }),
  defineTest({
    id: 'hidden-nce-permutation',
    name: 'Shuffling pred and target together keeps infoNCE; shuffling only the targets changes it',
    task: 1,
    points: 4,
    probe: 'nce',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const pred = randomMatrix(rand, 7, 4, 2);
      const target = pred.map((row) => row.map((v) => v + 0.3 * (2 * rand() - 1)));
      const perm = permutation(7, rand);
      const shift = (i: number) => (i + 1) % 7;
      const cases = [
        { pred, target, temperature: 0.5 },
        { pred: perm.map((i) => pred[i]!), target: perm.map((i) => target[i]!), temperature: 0.5 },
        { pred, target: pred.map((_, i) => target[shift(i)]!), temperature: 0.5 },
      ];
      return { input: { cases }, secret: null };
    },
    observed: nceObservation,
    judge: (obs, { input }) => {
      const [a, b, c] = obs.results.map((r) => r.value);
      if (a == null || b == null || c == null) return fail('infoNCE returned NaN or Infinity.');
      if (!closeTo(a, b, 1e-5, 1e-4)) {
        return fail(`Reordering the batch (pred and target together) changed the loss from ${fmt(a)} to ${fmt(b)}.`);
      }
      const wrong = input.cases[2]!;
      const want = rowCrossEntropy(logitsOf(wrong.pred, wrong.target, 0.5));
      if (!closeTo(c, want, 1e-5, 1e-4)) {
        return fail(
          `With the targets shifted by one row the loss should rise to ${fmt(want)}, but it is ${fmt(c)}. ` +
            'The positive for prediction i is target i (the diagonal), nothing else.',
        );
      }
      return pass('The positives are on the diagonal, wherever they sit in the batch.');
    },
  }),
  defineTest({
    id: 'hidden-nce-gradient',
    name: 'The gradient of infoNCE with respect to pred is (softmax - I) target / (temperature B)',
    task: 1,
    points: 4,
    probe: 'nce',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return {
        input: { grad: true, cases: [{ pred: randomMatrix(rand, 5, 3), target: randomMatrix(rand, 5, 3), temperature: 0.4 }] },
        secret: null,
      };
    },
    observed: nceObservation,
    judge: (obs, { input }) => {
      const c = input.cases[0]!;
      const want = referenceNCEGrad(c.pred, c.target, c.temperature);
      const got = obs.results[0]?.grad;
      if (!got) return fail('No gradient could be computed.');
      for (let i = 0; i < want.length; i++) {
        if (!closeTo(got[i] ?? NaN, want[i]!, 1e-5, 1e-3)) {
          return fail(
            `d loss / d pred at entry ${i} is ${fmt(got[i])}, expected ${fmt(want[i])}. Build the loss from tensor ` +
              'operations only (no dataSync() or plain-number arithmetic), so that training can follow the gradient.',
          );
        }
      }
      return pass('The gradient matches.');
    },
  }),
  defineTest({
    id: 'hidden-pairs-random',
    name: 'makeContextTargetPairs matches a float64 reference, including t = 0 and the last frame as target',
    task: 2,
    points: 5,
    probe: 'pairs',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const a = randomFrames(rand, 5, 10, 6);
      const b = randomFrames(rand, 3, 6, 2);
      return {
        input: { cases: [{ frames: a, t: 4, k: 3 }, { frames: b, t: 0, k: 5 }, { frames: b, t: 4, k: 1 }] },
        secret: null,
      };
    },
    observed: pairsObservation,
    judge: (obs, { input }) => {
      for (let i = 0; i < input.cases.length; i++) {
        const c = input.cases[i]!;
        const bad = pairsValueVerdict(obs.results[i], c.frames, c.t, c.k);
        if (bad) return bad;
      }
      return pass('Context and target match for three (t, k) settings.');
    },
  }),
  defineTest({
    id: 'hidden-cpc-noise-control',
    name: 'On white noise, whose future cannot be predicted, the trained model stays near chance',
    task: 2,
    points: 5,
    probe: 'train',
    timeoutMs: 20_000,
    prepare: (seed) => ({ input: { ...TONES_RUN, kind: 'noise', steps: 150, nEval: 512, seed }, secret: null }),
    observed: trainObservation,
    judge: (obs) => {
      const acc = obs.right / obs.total;
      const chance = 1 / obs.batch;
      if (acc > 0.08) {
        return fail(
          `On white noise the true future was picked ${(100 * acc).toFixed(1)}% of the time (chance ${(100 * chance).toFixed(1)}%). ` +
            'Noise has no predictable future, so the context must be seeing the target frame: use frames 0..t only.',
        );
      }
      return pass(`Near chance on white noise (${(100 * acc).toFixed(1)}%, chance ${(100 * chance).toFixed(1)}%): no peeking at the future.`);
    },
  }),
  defineTest({
    id: 'hidden-pairs-single',
    name: 'makeContextTargetPairs keeps shape [B, D] for a batch of one signal and for one number per frame',
    task: 2,
    points: 4,
    probe: 'pairs',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return {
        input: { cases: [{ frames: randomFrames(rand, 1, 6, 4), t: 2, k: 2 }, { frames: randomFrames(rand, 3, 5, 1), t: 1, k: 3 }] },
        secret: null,
      };
    },
    observed: pairsObservation,
    judge: (obs, { input }) => {
      for (let i = 0; i < input.cases.length; i++) {
        const c = input.cases[i]!;
        const bad = pairsValueVerdict(obs.results[i], c.frames, c.t, c.k);
        if (bad) {
          const hint =
            ' Do not assume B > 1 or D > 1: reshape to [B, D] with B and D read from frames.shape, because squeeze() ' +
            'drops every axis of size 1.';
          return / shape /.test(bad.message) ? { ...bad, message: bad.message + hint } : bad;
        }
      }
      return pass('B = 1 and D = 1 both keep the shape [B, D].');
    },
  }),
];

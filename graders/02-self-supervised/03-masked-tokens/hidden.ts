import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  closeTo,
  fail,
  fmt,
  lossObservation,
  lossValueVerdict,
  pass,
  randomLogits,
  referenceGrad,
  referenceLoss,
  selectionVerdict,
  splitVerdict,
  statsObservation,
  uniformityVerdict,
} from './checks';
import type { CorpusSpec, MaskOpts } from './corpus';

// Server only: never bundled for the browser. Expected values come from float64 arithmetic here.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-masked-tokens-9c41';

// A different vocabulary: 50 ids, the mask id is the last one (49), and special ids appear in
// the middle of sequences too. Code that hard-codes id 3 as [MASK], or skips only the first and
// last positions instead of checking ids, fails here.
const OTHER_OPTS: MaskOpts = { vocabSize: 50, maskId: 49, specialIds: [0, 1, 2, 49], pMask: 0.25 };
const WORD_IDS = Array.from({ length: 46 }, (_, i) => i + 3);
const otherCorpus = (seed: number): CorpusSpec => ({
  kind: 'random',
  n: 8000,
  len: 25,
  vocabSize: 50,
  sprinkle: [0, 1, 2],
  specialRate: 0.1,
  words: WORD_IDS,
  seed,
});

/** Random 0/1 weights with at least one 1 per batch. */
function randomWeights(rand: () => number, b: number, l: number): number[][] {
  const w = Array.from({ length: b }, () => Array.from({ length: l }, () => (rand() < 0.3 ? 1 : 0)));
  w[0]![0] = 1;
  return w;
}

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-mask-other-vocab',
    name: 'maskTokens follows opts: 50 ids, [MASK] = 49, specials mid-sentence, pMask = 0.25',
    task: 1,
    points: 5,
    probe: 'maskStats',
    prepare: (seed) => ({ input: { runs: [{ corpus: otherCorpus(seed), opts: OTHER_OPTS, seed: seed + 1 }] }, secret: null }),
    observed: statsObservation,
    judge: (obs) => selectionVerdict(obs.results[0]!, 0.25, 0.005),
  }),
  defineTest({
    id: 'hidden-split-other-vocab',
    name: 'The 80/10/10 split and uniform random words hold for another vocabulary and mask id',
    task: 2,
    points: 5,
    probe: 'maskStats',
    prepare: (seed) => ({ input: { runs: [{ corpus: otherCorpus(seed), opts: OTHER_OPTS, seed: seed + 2 }] }, secret: null }),
    observed: statsObservation,
    judge: (obs) => {
      const s = obs.results[0]!;
      const split = splitVerdict(s, WORD_IDS.length, 0.01);
      return split.pass ? uniformityVerdict(s, WORD_IDS) : split;
    },
  }),
  defineTest({
    id: 'hidden-loss-random',
    name: 'maskedLMLoss matches a float64 cross-entropy on random logits and masks',
    task: 3,
    points: 5,
    probe: 'loss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const cases = [0, 1].map(() => {
        const logits = randomLogits(rand, 3, 7, 9, 4);
        const targets = logits.map((seq) => seq.map(() => Math.floor(rand() * 9)));
        return { logits, targets, weights: randomWeights(rand, 3, 7) };
      });
      return { input: { cases }, secret: null };
    },
    observed: lossObservation,
    judge: (obs, { input }) => {
      for (let k = 0; k < input.cases.length; k++) {
        const c = input.cases[k]!;
        const want = referenceLoss(c.logits, c.targets, c.weights);
        const bad = lossValueVerdict(obs, k, want, 'Check the softmax axis (the last one, over the vocabulary) and the average.');
        if (bad) return bad;
      }
      return pass('Matches the float64 cross-entropy on two random batches.');
    },
  }),
  defineTest({
    id: 'hidden-loss-gradient',
    name: 'The gradient of maskedLMLoss is w/sum(w) * (softmax - one-hot) at every position',
    task: 3,
    points: 5,
    probe: 'loss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const logits = randomLogits(rand, 2, 4, 5, 2);
      const targets = logits.map((seq) => seq.map(() => Math.floor(rand() * 5)));
      return { input: { grad: true, cases: [{ logits, targets, weights: randomWeights(rand, 2, 4) }] }, secret: null };
    },
    observed: lossObservation,
    judge: (obs, { input }) => {
      const c = input.cases[0]!;
      const grad = obs.results[0]?.grad;
      if (!grad) return fail('No gradient could be computed.');
      const want = referenceGrad(c.logits, c.targets, c.weights);
      for (let i = 0; i < want.length; i++) {
        const got = grad[i];
        if (got === null || got === undefined || !closeTo(got, want[i]!, 1e-5, 1e-3)) {
          return fail(
            `The gradient with respect to logit ${i} is ${fmt(got)}, expected ${fmt(want[i])}. Build the loss from ` +
              'differentiable tensor operations only (no dataSync(), arraySync() or plain-number arithmetic).',
          );
        }
      }
      return pass('The gradient matches everywhere, including zeros at unchosen positions.');
    },
  }),
];

import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import { SPECIAL_IDS } from '@/lib/datasets/synthetic-language';
import {
  LANGUAGE_OPTS,
  evalSplit,
  fail,
  fmt,
  lossObservation,
  lossValueVerdict,
  maskCasesObservation,
  pass,
  randomLogits,
  repeatObservation,
  selectionVerdict,
  splitVerdict,
  statsObservation,
  trainObservation,
  trainVerdict,
} from './checks';
import type { CorpusSpec } from './corpus';

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

// Two padded sentences of the colour-shape language: [CLS]=1, [SEP]=2, [PAD]=0, words 4..15.
const TWO_SENTENCES = [
  [1, 4, 10, 5, 11, 6, 12, 2, 0, 0, 0, 0],
  [1, 9, 15, 8, 14, 7, 13, 6, 12, 2, 0, 0],
];
const SPECIAL = new Set(SPECIAL_IDS);
const WORDS = 12;

// 25,000 sentences hold about 200,000 non-special positions: the chosen share then has a
// standard deviation near 0.08 points, so +-0.5 points is more than five of them.
const CORPUS: CorpusSpec = { kind: 'sentences', n: 25_000, seed: 31 };
// Only 3 real words (4, 5, 6) next to the four special ids: a random draw that may return a
// special id, or the mask id, shows up clearly.
const SMALL_VOCAB: CorpusSpec = {
  kind: 'random',
  n: 20_000,
  len: 10,
  vocabSize: 7,
  sprinkle: [0, 1, 2],
  specialRate: 0.2,
  words: [4, 5, 6],
  seed: 77,
};

const same = (a: ReadonlyArray<ReadonlyArray<number | null>>, b: ReadonlyArray<ReadonlyArray<number>>) =>
  a.length === b.length && a.every((row, i) => row.length === b[i]!.length && row.every((v, j) => v === b[i]![j]));

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'mask-limits',
    name: 'maskTokens chooses nothing with pMask = 0 and every non-special word with pMask = 1',
    task: 1,
    points: 8,
    probe: 'maskCases',
    prepare: (seed) => ({
      input: {
        cases: [
          { tokens: TWO_SENTENCES, opts: { ...LANGUAGE_OPTS, pMask: 0 }, seed },
          { tokens: TWO_SENTENCES, opts: { ...LANGUAGE_OPTS, pMask: 1 }, seed: seed + 1 },
        ],
      },
      secret: null,
    }),
    observed: maskCasesObservation,
    judge: (obs) => {
      const [none, all] = obs.results;
      if (!none || !all) return fail('maskTokens was not called twice.');
      if (none.mutated || all.mutated) {
        return fail('maskTokens changed the `tokens` array it was given. Copy each row before editing it.');
      }
      for (const r of [none, all]) {
        if (!same(r.targets, TWO_SENTENCES)) return fail('targets must be an unchanged copy of tokens.');
      }
      if (!same(none.input, TWO_SENTENCES)) return fail('With pMask = 0 nothing is chosen, so input must equal tokens.');
      if (none.weights.some((row) => row.some((w) => w !== 0))) return fail('With pMask = 0 every weight must be 0.');
      for (let i = 0; i < TWO_SENTENCES.length; i++) {
        for (let j = 0; j < TWO_SENTENCES[i]!.length; j++) {
          const token = TWO_SENTENCES[i]![j]!;
          const w = all.weights[i]![j];
          if (SPECIAL.has(token)) {
            if (w !== 0) return fail(`With pMask = 1, the special token at [${i}][${j}] (id ${token}) got weight ${fmt(w)}; special tokens are never chosen.`);
            if (all.input[i]![j] !== token) return fail(`The special token at [${i}][${j}] was changed; leave special tokens alone.`);
          } else if (w !== 1) {
            return fail(`With pMask = 1 every non-special word is chosen, but weight [${i}][${j}] is ${fmt(w)} instead of 1.`);
          }
        }
      }
      return pass('pMask = 0 chooses nothing, pMask = 1 chooses every word and no special token.');
    },
  }),
  defineTest({
    id: 'mask-rate',
    name: 'maskTokens chooses 15% ± 0.5 of about 200,000 non-special positions, and only those change',
    task: 1,
    points: 8,
    probe: 'maskStats',
    prepare: (seed) => ({ input: { runs: [{ corpus: CORPUS, opts: LANGUAGE_OPTS, seed }] }, secret: null }),
    observed: statsObservation,
    judge: (obs) => selectionVerdict(obs.results[0]!, 0.15, 0.005),
  }),
  defineTest({
    id: 'mask-rng',
    name: 'maskTokens draws only from rng: the same seed repeats the masks, a new seed gives new ones',
    task: 1,
    points: 5,
    probe: 'maskRepeat',
    prepare: (seed) => ({
      input: { corpus: { kind: 'sentences', n: 500, seed: 5 }, opts: LANGUAGE_OPTS, seeds: [seed, seed, seed + 7] },
      secret: null,
    }),
    observed: repeatObservation,
    judge: (obs) => {
      if (obs.sameSeedDiffer > 0) {
        return fail(
          `Two calls with identically seeded rngs differ at ${obs.sameSeedDiffer} position(s). Use the rng argument ` +
            'for every random choice (not Math.random), so a run can be reproduced.',
        );
      }
      // Independent masks differ at about a quarter of the words; fixed positions at under 5%.
      if (obs.otherSeedDiffer < 0.08 * obs.positions) {
        return fail(
          `With a different rng the masks changed at only ${obs.otherSeedDiffer} of ${obs.positions} positions. The ` +
            'chosen positions must be drawn from rng on every call, so every epoch sees fresh masks.',
        );
      }
      return pass(`Reproducible with the same rng; a new rng changes ${obs.otherSeedDiffer} of ${obs.positions} positions.`);
    },
  }),
  defineTest({
    id: 'mask-split',
    name: 'maskTokens replaces chosen words 80% by [MASK], 10% by a random word and keeps 10% (± 1 point)',
    task: 2,
    points: 8,
    probe: 'maskStats',
    prepare: (seed) => ({ input: { runs: [{ corpus: CORPUS, opts: LANGUAGE_OPTS, seed }] }, secret: null }),
    observed: statsObservation,
    judge: (obs) => splitVerdict(obs.results[0]!, WORDS, 0.01),
  }),
  defineTest({
    id: 'mask-random-words',
    name: 'A random replacement is never a special token or [MASK] (vocabulary of 3 words + 4 special ids)',
    task: 2,
    points: 6,
    probe: 'maskStats',
    prepare: (seed) => ({
      input: { runs: [{ corpus: SMALL_VOCAB, opts: { vocabSize: 7, maskId: 3, specialIds: [0, 1, 2, 3], pMask: 0.15 }, seed }] },
      secret: null,
    }),
    observed: statsObservation,
    judge: (obs) => splitVerdict(obs.results[0]!, 3, 0.01),
  }),
  defineTest({
    id: 'loss-tiny',
    name: 'maskedLMLoss averages the cross-entropy over the chosen positions of a 3-token example',
    task: 3,
    points: 8,
    probe: 'loss',
    prepare: () => ({
      input: { cases: [{ logits: [[[2, 0, 0], [0, 1, 0], [1, 1, 1]]], targets: [[0, 1, 2]], weights: [[1, 0, 1]] }] },
      secret: null,
    }),
    observed: lossObservation,
    judge: (obs) => {
      // Position 0: log(e^2 + 2) - 2 = 0.239545; position 2: log 3 = 1.098612; position 1 has weight 0.
      const hint =
        'Per position: logsumexp(logits) - logit of the target. Average over the positions with weight 1 only ' +
        '(divide by the sum of the weights, here 2, not by the 3 positions).';
      return lossValueVerdict(obs, 0, 0.6690785, hint) ?? pass('The loss matches (0.669079).');
    },
  }),
  defineTest({
    id: 'loss-ignores-unchosen',
    name: 'maskedLMLoss does not change when the logits at unchosen positions change',
    task: 3,
    points: 6,
    probe: 'loss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const logits = randomLogits(rand, 2, 5, 6);
      const weights = [[0, 1, 0, 0, 1], [1, 0, 0, 1, 0]];
      const targets = [[1, 2, 3, 4, 5], [0, 1, 2, 3, 4]];
      const changed = logits.map((seq, b) => seq.map((row, l) => (weights[b]![l] ? row : row.map(() => 10 * (2 * rand() - 1)))));
      return { input: { cases: [{ logits, targets, weights }, { logits: changed, targets, weights }] }, secret: null };
    },
    observed: lossObservation,
    judge: (obs) => {
      const [a, b] = obs.results;
      if (!a || !b || a.value === null || b.value === null) return fail('maskedLMLoss did not return two finite values.');
      if (Math.abs(a.value - b.value) > 1e-5 * (1 + Math.abs(a.value))) {
        return fail(
          `Changing only the logits where the weight is 0 moved the loss from ${fmt(a.value)} to ${fmt(b.value)}. ` +
            'Multiply each position\'s cross-entropy by its weight before summing.',
        );
      }
      return pass('Positions with weight 0 do not affect the loss.');
    },
  }),
  defineTest({
    id: 'loss-nothing-chosen',
    name: 'maskedLMLoss returns 0 (not NaN) when no position is chosen',
    task: 3,
    points: 3,
    probe: 'loss',
    prepare: () => ({
      input: { cases: [{ logits: [[[1, 2], [3, 0]]], targets: [[0, 1]], weights: [[0, 0]] }] },
      secret: null,
    }),
    observed: lossObservation,
    judge: (obs) => {
      const hint = 'A short batch can have no chosen position: guard the division, e.g. divide by max(sum of weights, 1e-8).';
      const nanHint = 'With no position chosen the sum of the weights is 0, and 0 / 0 is NaN. ' + hint;
      return lossValueVerdict(obs, 0, 0, hint, nanHint) ?? pass('An empty selection gives a loss of 0.');
    },
  }),
  defineTest({
    id: 'loss-memory',
    name: 'maskedLMLoss returns a scalar and does not leak tensors',
    task: 3,
    points: 3,
    probe: 'loss',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const input = { logits: randomLogits(rand, 3, 4, 5), targets: [[0, 1, 2, 3], [4, 0, 1, 2], [3, 4, 0, 1]] };
      return { input: { cases: [{ ...input, weights: [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 1]] }] }, secret: null };
    },
    observed: lossObservation,
    judge: (obs) => {
      const r = obs.results[0];
      if (!r) return fail('No result.');
      if (r.shape.length !== 0) return fail(`maskedLMLoss returned shape [${r.shape.join(', ')}]; a loss is a scalar (shape []).`);
      if (r.leaked > 0) {
        return fail(`maskedLMLoss left ${r.leaked} tensor(s) behind. Wrap the body in tf.tidy(() => { ... }) and return from inside it.`);
      }
      return pass('A scalar, and no tensors left behind.');
    },
  }),
  defineTest({
    id: 'train-fill-blanks',
    name: 'A tiny model trained with your masking and loss fills at least 75% of held-out blanks',
    task: 3,
    points: 8,
    probe: 'train',
    timeoutMs: 20_000,
    prepare: (seed) => {
      const { evalInput, answers } = evalSplit(400, 9001);
      const input = { trainSize: 2000, trainSeed: 4242, steps: 150, batch: 64, lr: 0.01, seed, evalInput };
      return { input, secret: { answers } };
    },
    observed: trainObservation,
    judge: (obs, { secret }) => trainVerdict(obs, secret.answers, 0.75),
  }),
];

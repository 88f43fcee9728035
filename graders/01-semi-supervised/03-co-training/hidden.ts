import { z } from 'zod';
import { defineTest, type AnyGraderTest, type Json } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  accuracy,
  checkLabelsKept,
  checkPool,
  checkShared,
  checkViews,
  fail,
  firstFailure,
  pass,
  runObservation,
} from './checks';
import { checkPicks } from './picks';
import { combinedPredictions, fitBothViews } from './logreg';
import type { RunInput } from './probes';
import { INDEPENDENT, makeSplit } from './split';

// Server only: never bundled for the browser. Fresh splits, other options (Blum & Mitchell's own
// p = 1, n = 3), the views' widths swapped, and accuracy over several splits.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-co-training-b817';

const asJson = (input: RunInput): Json => input as unknown as Json;

/**
 * Calibrated with the reference on 400 random splits of this recipe (wasm backend): mean test
 * accuracy 97.1%, 5% quantile 94.5%, 2% quantile 89%; rare pool draws snowball into bad runs, so
 * the verdict uses the median of five splits. Labeled-only logistic regression averages 82%.
 */
const MEDIAN_MIN_ACCURACY = 0.92;
const ACCURACY_SPLITS = 5;

// Blum & Mitchell's settings (one positive, three negatives per classifier and round) on views of
// 3 and 2 features: widths hard-coded from the public test would break here.
function bmSplit(seed: number) {
  return makeSplit(seed, {
    n: 200,
    perClass: 3,
    testSize: 10,
    spec: { ...INDEPENDENT, dims1: 3, dims2: 2 },
    opts: { p: 1, n: 3, poolSize: 30, rounds: 10, seed: seed % 100_000 },
  }).input;
}

/** Stub classifiers with fixed random scores: a pool smaller than U, refilled over four rounds. */
function stubRefill(seed: number): RunInput {
  const rand = mulberry32(seed);
  const n = 20;
  const y = Array.from({ length: n }, () => -1);
  y[4] = 0;
  y[15] = 1;
  return {
    view1: Array.from({ length: n }, (_, i) => [i, rand()]),
    view2: Array.from({ length: n }, (_, i) => [rand(), i, -i]),
    y,
    stub1: Array.from({ length: n }, () => rand()),
    stub2: Array.from({ length: n }, () => rand()),
    opts: { p: 1, n: 1, poolSize: 6, rounds: 4, seed: seed % 1000 },
    mode: 'stub',
  };
}

const manyObservation = z.object({ testPreds: z.array(z.array(z.number().int()).max(1000)).max(10) });

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-bm-picks',
    name: 'Blum & Mitchell settings (p = 1, n = 3, pool 30) on views of 3 and 2 features: the right picks',
    task: 2,
    points: 6,
    probe: 'coTrain',
    prepare: (seed) => ({ input: asJson(bmSplit(seed)), secret: null }),
    observed: runObservation,
    judge: (obs, { input }) => {
      const spec = input as unknown as RunInput;
      return firstFailure(
        [() => checkViews(obs, spec), () => checkShared(obs, spec), () => checkPicks(obs, spec)],
        'Every round added 1 positive and 3 negatives per classifier, the most confident ones.',
      );
    },
  }),
  defineTest({
    id: 'hidden-bm-pool',
    name: 'Blum & Mitchell settings: the pool and the returned labels',
    task: 3,
    points: 6,
    probe: 'coTrain',
    prepare: (seed) => ({ input: asJson(bmSplit(seed)), secret: null }),
    observed: runObservation,
    judge: (obs, { input }) => {
      const spec = input as unknown as RunInput;
      return firstFailure(
        [
          () => checkViews(obs, spec),
          () => checkShared(obs, spec),
          () => checkPool(obs, spec),
          () => checkLabelsKept(obs, spec),
        ],
        'The pool stayed at 30, and 80 pseudo-labels came back with the 6 given ones.',
      );
    },
  }),
  defineTest({
    id: 'hidden-stub-refill',
    name: 'A pool of 6 out of 18 unlabeled examples is refilled correctly over four rounds',
    task: 3,
    points: 5,
    probe: 'coTrain',
    prepare: (seed) => ({ input: asJson(stubRefill(seed)), secret: null }),
    observed: runObservation,
    judge: (obs, { input }) => {
      const spec = input as unknown as RunInput;
      return firstFailure(
        [
          () => checkViews(obs, spec),
          () => checkShared(obs, spec),
          () => checkPool(obs, spec),
          () => checkPicks(obs, spec),
          () => checkLabelsKept(obs, spec),
        ],
        'Pool, picks and labels are right in all four rounds.',
      );
    },
  }),
  defineTest({
    id: 'hidden-deterministic',
    name: 'coTrain gives the same labels twice for the same seed',
    task: 3,
    points: 3,
    probe: 'coTrain',
    prepare: (seed) => ({ input: asJson({ ...bmSplit(seed), twice: true }), secret: null }),
    observed: runObservation,
    judge: (obs) => {
      const second = obs.second ?? [];
      const k = obs.labels.findIndex((l, i) => second[i] !== l);
      if (k >= 0 || second.length !== obs.labels.length) {
        return fail(
          'Two calls with the same opts.seed returned different labels' +
            (k >= 0 ? ` (example #${k}: ${obs.labels[k]} then ${second[k]})` : '') +
            '. Draw every random choice from the seeded generator (makeRng(opts.seed)), not Math.random.',
        );
      }
      return pass('Same seed, same result.');
    },
  }),
  defineTest({
    id: 'hidden-accuracy',
    name: `Co-training reaches at least ${MEDIAN_MIN_ACCURACY * 100}% median test accuracy over ${ACCURACY_SPLITS} fresh splits`,
    task: 3,
    points: 8,
    probe: 'coTrainMany',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const splits = Array.from({ length: ACCURACY_SPLITS }, () =>
        makeSplit(Math.floor(rand() * 2 ** 31), {
          n: 160,
          perClass: 2,
          testSize: 300,
          opts: { p: 1, n: 1, poolSize: 20, rounds: 20, seed: Math.floor(rand() * 1e6) },
        }),
      );
      return {
        input: { runs: splits.map((s) => asJson(s.input)) },
        secret: { truths: splits.map((s) => s.truth), inputs: splits.map((s) => s.input) },
      };
    },
    observed: manyObservation,
    judge: (obs, { secret }) => {
      const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
      const accs = secret.truths.map((t, i) => accuracy(obs.testPreds[i] ?? [], t));
      const base = secret.inputs.map((spec, i) => {
        const { h1, h2 } = fitBothViews(spec.view1, spec.view2, spec.y);
        return accuracy(combinedPredictions(h1, h2, spec.test1!, spec.test2!), secret.truths[i]!);
      });
      const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
      const detail = `per split: ${accs.map(pct).join(', ')}; the given labels alone: ${base.map(pct).join(', ')}`;
      if (median(accs) < MEDIAN_MIN_ACCURACY) {
        return fail(
          `Median test accuracy ${pct(median(accs))} is below ${pct(MEDIAN_MIN_ACCURACY)} (${detail}). ` +
            'Make the mechanics tests pass first.',
        );
      }
      return pass(`Median test accuracy ${pct(median(accs))} (${detail}).`);
    },
  }),
];

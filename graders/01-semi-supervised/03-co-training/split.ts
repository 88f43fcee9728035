import { pickLabeled } from '@/lib/datasets/moons';
import { makeCoTrainingViews, type CoTrainingViewSpec } from '@/lib/datasets/co-training-views';
import type { RunInput } from './probes';

// Builds graded co-training runs from the seeded two-view generator. Public and hidden tests use
// the same recipe with different seeds and options; the true labels only ever go into `secret`.

/** Conditionally independent views: one signal feature each, noise features with spread 3. */
export const INDEPENDENT: Omit<CoTrainingViewSpec, 'n'> = {
  dims1: 2,
  dims2: 3,
  separation: 1.5,
  noiseSd: 3,
  dependence: 0,
};

export type SplitOptions = {
  n: number;
  perClass: number;
  testSize: number;
  opts: RunInput['opts'];
  spec?: Omit<CoTrainingViewSpec, 'n'>;
};

export function makeSplit(seed: number, o: SplitOptions): { input: RunInput; truth: number[]; yAll: number[] } {
  const spec = { ...(o.spec ?? INDEPENDENT) };
  const train = makeCoTrainingViews({ ...spec, n: o.n }, seed);
  const test = makeCoTrainingViews({ ...spec, n: o.testSize }, (seed ^ 0x2545f491) >>> 0);
  const labeled = new Set(pickLabeled(train.y, o.perClass, (seed ^ 0x5bd1e995) >>> 0));
  const y = train.y.map((c, i) => (labeled.has(i) ? c : -1));
  const input: RunInput = {
    view1: train.view1,
    view2: train.view2,
    y,
    opts: o.opts,
    mode: 'logreg',
    test1: test.view1,
    test2: test.view2,
  };
  return { input, truth: test.y, yAll: train.y };
}

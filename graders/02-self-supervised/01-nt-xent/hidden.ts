import { defineTest, type AnyGraderTest, type Verdict } from '@/lib/grading/contract';
import { gaussian, mulberry32, permutation } from '@/lib/datasets/prng';
import {
  casesObservation,
  closeTo,
  compareMatrix,
  fail,
  fmt,
  lossValue,
  ntGradObservation,
  pass,
  randomMatrix,
  trainObservation,
  trainVerdict,
  type CasesObservation,
  type GradReport,
} from './checks';

// Server only: never bundled for the browser. Expected values come from the float64 loss below,
// written independently of the tfjs reference, so nothing here needs to stay small.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-nt-xent-e07f';

type Matrix = number[][];

function normalizeRows(m: Matrix): Matrix {
  return m.map((row) => {
    const len = Math.sqrt(row.reduce((s, v) => s + v * v, 0) + 1e-12);
    return row.map((v) => v / len);
  });
}

/** NT-Xent in float64, the paper's mean over the 2N anchors (log-sum-exp stabilised). */
function ntXent64(z1: Matrix, z2: Matrix, temperature: number): number {
  const z = normalizeRows([...z1, ...z2]);
  const n = z1.length;
  let total = 0;
  for (let k = 0; k < 2 * n; k++) {
    const logits = z.map((row, m) => (m === k ? -Infinity : row.reduce((s, v, d) => s + v * z[k]![d]!, 0) / temperature));
    const top = Math.max(...logits);
    const lse = top + Math.log(logits.reduce((s, v) => s + Math.exp(v - top), 0));
    total += lse - logits[(k + n) % (2 * n)]!;
  }
  return total / (2 * n);
}

/** Central differences of the float64 loss: an independent check of the learner's gradients. */
function numericGrad(z1: Matrix, z2: Matrix, temperature: number, which: 1 | 2): Matrix {
  const h = 1e-6;
  const target = which === 1 ? z1 : z2;
  return target.map((row, i) =>
    row.map((_, j) => {
      const shifted = (delta: number) => {
        const copy = target.map((r) => [...r]);
        copy[i]![j]! += delta;
        return which === 1 ? ntXent64(copy, z2, temperature) : ntXent64(z1, copy, temperature);
      };
      return (shifted(h) - shifted(-h)) / (2 * h);
    }),
  );
}

/** A random orthogonal matrix (Gram-Schmidt on Gaussian columns). */
function randomRotation(rand: () => number, d: number): Matrix {
  const normal = gaussian(rand);
  const basis: number[][] = [];
  while (basis.length < d) {
    let v = Array.from({ length: d }, () => normal());
    for (const b of basis) {
      const dot = v.reduce((s, x, k) => s + x * b[k]!, 0);
      v = v.map((x, k) => x - dot * b[k]!);
    }
    const len = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (len > 1e-6) basis.push(v.map((x) => x / len));
  }
  return basis;
}

const times = (m: Matrix, q: Matrix): Matrix => m.map((row) => q[0]!.map((_, c) => row.reduce((s, v, k) => s + v * q[k]![c]!, 0)));

function lossesMatch(obs: CasesObservation, expected: number[], what: string[], hints: string[]): Verdict {
  for (let k = 0; k < expected.length; k++) {
    const got = lossValue(obs.results[k]);
    if (typeof got !== 'number') return got;
    if (!closeTo(got, expected[k]!, 1e-4, 1e-4)) {
      return fail(`For ${what[k]} the loss is ${fmt(got)} but should be ${fmt(expected[k])}. ${hints[k]}`);
    }
  }
  return pass('Every case matches a float64 computation of the loss.');
}

function sameAsFirst(obs: CasesObservation, what: string, hint: string): Verdict {
  const base = lossValue(obs.results[0]);
  if (typeof base !== 'number') return base;
  const got = lossValue(obs.results[1]);
  if (typeof got !== 'number') return got;
  if (!closeTo(got, base, 1e-4, 1e-4)) return fail(`${what} changed the loss from ${fmt(base)} to ${fmt(got)}. ${hint}`);
  return pass(`${what} leaves the loss at ${fmt(base)}.`);
}

function gradMatches(g: GradReport, want: Matrix, name: string): Verdict | null {
  const report = { values: g.values, shape: g.shape, nonFinite: g.nonFinite, leaked: 0, ms: 0 };
  return compareMatrix(`The gradient for ${name}`, report, want, 'Check each step of the loss.', { abs: 2e-3, rel: 1e-2 });
}

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-l2n-ref',
    name: 'l2Normalize matches float64 on random rows of very different lengths',
    task: 1,
    points: 4,
    probe: 'l2Normalize',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const z = randomMatrix(rand, 10, 6).map((row, i) => row.map((v) => v * 10 ** (i % 5 - 2)));
      return { input: { cases: [{ z }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const want = normalizeRows(input.cases[0]!.z as Matrix);
      return compareMatrix('l2Normalize', obs.results[0], want, 'Divide each row by its own length.') ?? pass('All rows match.');
    },
  }),
  defineTest({
    id: 'hidden-ntx-ref',
    name: 'ntXent matches float64 on random batches (N = 1, 6 and 40; tau from 0.07 to 1)',
    task: 2,
    points: 6,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const batch = (n: number, d: number, temperature: number) => ({
        z1: randomMatrix(rand, n, d),
        z2: randomMatrix(rand, n, d),
        temperature,
      });
      return { input: { cases: [batch(6, 5, 0.07), batch(6, 5, 0.3), batch(40, 8, 1), batch(1, 3, 0.5)] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const expected = input.cases.map((c) => ntXent64(c.z1 as Matrix, c.z2 as Matrix, c.temperature as number));
      const generic = 'The public tests with fixed values show which step differs.';
      return lossesMatch(
        obs,
        expected,
        ['N = 6 at tau = 0.07', 'N = 6 at tau = 0.3', 'N = 40 at tau = 1', 'N = 1'],
        [generic, generic, 'Do not assume a batch size.', 'With N = 1 each anchor has one candidate, its partner, so the loss is 0.'],
      );
    },
  }),
  defineTest({
    id: 'hidden-ntx-grad-ref',
    name: 'ntXent gradients match float64 finite differences',
    task: 2,
    points: 5,
    probe: 'ntXentGrad',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [{ z1: randomMatrix(rand, 5, 4), z2: randomMatrix(rand, 5, 4), temperature: 0.5 }] }, secret: null };
    },
    observed: ntGradObservation,
    judge: (obs, { input }) => {
      const c = input.cases[0]!;
      const r = obs.results[0];
      if (!r) return fail('No gradient was computed.');
      const [z1, z2, t] = [c.z1 as Matrix, c.z2 as Matrix, c.temperature as number];
      return (
        gradMatches(r.g1, numericGrad(z1, z2, t, 1), 'z1') ??
        gradMatches(r.g2, numericGrad(z1, z2, t, 2), 'z2') ??
        pass('Gradients match finite differences.')
      );
    },
  }),
  defineTest({
    id: 'hidden-ntx-permutation',
    name: 'ntXent does not depend on the order of the samples',
    task: 2,
    points: 4,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const z1 = randomMatrix(rand, 7, 4);
      const z2 = randomMatrix(rand, 7, 4);
      const p = permutation(7, rand);
      const cases = [
        { z1, z2, temperature: 0.2 },
        { z1: p.map((i) => z1[i]!), z2: p.map((i) => z2[i]!), temperature: 0.2 },
      ];
      return { input: { cases }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) =>
      sameAsFirst(obs, 'Shuffling the samples (the same way in z1 and z2)', 'Pair row i of z1 with row i of z2, whatever i is.'),
  }),
  defineTest({
    id: 'hidden-ntx-rotation',
    name: 'ntXent does not change when every embedding is rotated the same way',
    task: 2,
    points: 4,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const z1 = randomMatrix(rand, 5, 4);
      const z2 = randomMatrix(rand, 5, 4);
      const q = randomRotation(rand, 4);
      const cases = [
        { z1, z2, temperature: 0.25 },
        { z1: times(z1, q), z2: times(z2, q), temperature: 0.25 },
      ];
      return { input: { cases }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) =>
      sameAsFirst(obs, 'A common rotation of all embeddings', 'The loss may only depend on angles between embeddings.'),
  }),
  defineTest({
    id: 'hidden-ntx-closer',
    name: 'ntXent decreases as one pair of views moves closer together',
    task: 2,
    points: 4,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      // Pair 0 lives in the first two coordinates and everyone else in the other four, so only
      // the angle between z1[0] and z2[0] changes from case to case.
      const others = () => [0, 0, ...randomMatrix(rand, 1, 4)[0]!];
      const z1rest = [others(), others(), others()];
      const z2rest = [others(), others(), others()];
      const cases = [1.4, 1.0, 0.6, 0.2].map((angle) => ({
        z1: [[1, 0, 0, 0, 0, 0], ...z1rest],
        z2: [[Math.cos(angle), Math.sin(angle), 0, 0, 0, 0], ...z2rest],
        temperature: 0.5,
      }));
      return { input: { cases }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => {
      const losses: number[] = [];
      for (const r of obs.results) {
        const v = lossValue(r);
        if (typeof v !== 'number') return v;
        losses.push(v);
      }
      for (let k = 1; k < losses.length; k++) {
        if (!(losses[k]! < losses[k - 1]! - 1e-4)) {
          return fail(
            `Moving a pair of views closer should lower the loss, but it went ${losses.map(fmt).join(' -> ')}. ` +
              'The partner similarity belongs in the numerator of the softmax.',
          );
        }
      }
      return pass(`The loss falls as the pair closes in: ${losses.map(fmt).join(' -> ')}.`);
    },
  }),
  defineTest({
    id: 'hidden-ntx-train',
    name: 'Your loss trains a fresh linear encoder at tau = 0.1 on a hidden task',
    task: 2,
    points: 6,
    probe: 'train',
    timeoutMs: 5000,
    prepare: (seed) => ({
      input: {
        mixSeed: seed % 100_000,
        batchSeed: (seed >>> 8) % 100_000,
        initSeed: (seed >>> 4) % 1000,
        evalSeed: (seed >>> 12) % 100_000,
        steps: 150,
        batch: 32,
        evalN: 64,
        embedDim: 8,
        temperature: 0.1,
        learningRate: 0.1,
      },
      secret: null,
    }),
    observed: trainObservation,
    judge: (obs) => trainVerdict(obs, 150, { minDrop: 1.5, minTop1: 0.45, minGap: 0.6 }),
  }),
  defineTest({
    id: 'hidden-ntx-low-temperature',
    name: 'ntXent stays finite and exact at temperature 0.01, where exp(1 / tau) overflows float32',
    task: 2,
    points: 4,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      // Random views (large losses, partners often far below the best candidate) and views whose
      // partners nearly coincide (a loss near 0). At tau = 0.01 every logit reaches up to 100, and
      // e^100 is Infinity in float32: only a log-softmax that subtracts the row maximum survives.
      const z1 = randomMatrix(rand, 6, 5);
      const near = z1.map((row) => row.map((v) => v + 0.05 * (rand() - 0.5)));
      return {
        input: {
          cases: [
            { z1: randomMatrix(rand, 6, 5), z2: randomMatrix(rand, 6, 5), temperature: 0.01 },
            { z1, z2: near, temperature: 0.01 },
          ],
        },
        secret: null,
      };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const what = ['random views', 'views whose partners almost coincide'];
      for (let k = 0; k < input.cases.length; k++) {
        const r = obs.results[k];
        if (r && r.shape.length === 0 && r.nonFinite > 0) {
          return fail(
            `At temperature 0.01 (${what[k]}) your loss is NaN or Infinity. The similarities divided by tau reach ` +
              '100 and e^100 overflows float32, and a probability that underflows to 0 has log -Infinity. Compute the ' +
              'log-probabilities with tf.logSoftmax, which subtracts each row\'s maximum first, not log(exp(s) / sum exp(s)).',
          );
        }
      }
      const expected = input.cases.map((c) => ntXent64(c.z1 as Matrix, c.z2 as Matrix, c.temperature as number));
      const hint =
        'At this temperature the diagonal mask must stay far below every logit: subtract 1e9, not a small number.';
      return lossesMatch(obs, expected, what.map((w) => `${w} at tau = 0.01`), [hint, hint]);
    },
  }),
];

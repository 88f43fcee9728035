import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  casesObservation,
  checkShape,
  closeTo,
  compareMatrix,
  diagnose,
  fail,
  fmt,
  l2GradObservation,
  leakVerdict,
  lossValue,
  ntGradObservation,
  pass,
  randomMatrix,
  sameLoss,
  trainObservation,
  trainVerdict,
} from './checks';
import { FIXED, FIXED_Z1, FIXED_Z2 } from './known-values';

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

type Matrix = number[][];

const HINT_NORM = 'Divide each row by sqrt(sum of its squares + 1e-12).';
export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'l2n-tiny',
    name: 'l2Normalize scales [3, 4] to [0.6, 0.8] and other small rows to length 1',
    task: 1,
    points: 6,
    probe: 'l2Normalize',
    prepare: () => ({ input: { cases: [{ z: [[3, 4], [0, -2], [1, 1], [-5, 12]] }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => {
      const r = Math.SQRT1_2;
      const want = [[0.6, 0.8], [0, -1], [r, r], [-5 / 13, 12 / 13]];
      return compareMatrix('l2Normalize', obs.results[0], want, HINT_NORM) ?? pass('All four rows match.');
    },
  }),
  defineTest({
    id: 'l2n-zero-row',
    name: 'l2Normalize turns a row of zeros into zeros, not NaN',
    task: 1,
    points: 5,
    probe: 'l2Normalize',
    prepare: () => ({ input: { cases: [{ z: [[0, 0, 0], [2, -1, 2]] }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => {
      const want = [[0, 0, 0], [2 / 3, -1 / 3, 2 / 3]];
      const hint = 'A zero row has length 0: put 1e-12 inside the square root so that 0 / sqrt(1e-12) = 0.';
      return compareMatrix('l2Normalize', obs.results[0], want, hint) ?? pass('The zero row stays zero.');
    },
  }),
  defineTest({
    id: 'l2n-properties',
    name: 'l2Normalize gives every row length 1 and keeps its direction',
    task: 1,
    points: 4,
    probe: 'l2Normalize',
    prepare: (seed) => ({ input: { cases: [{ z: randomMatrix(mulberry32(seed), 6, 5, -3, 3) }] }, secret: null }),
    observed: casesObservation,
    judge: (obs, { input }) => {
      const z = input.cases[0]!.z as Matrix;
      const r = obs.results[0];
      const bad = checkShape('l2Normalize', r, [6, 5]);
      if (bad || !r) return bad ?? fail('No result.');
      for (let i = 0; i < 6; i++) {
        const row = r.values.slice(i * 5, i * 5 + 5).map((v) => v ?? NaN);
        const length = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
        if (!closeTo(length, 1, 1e-4, 0)) {
          return fail(`Row ${i} has length ${fmt(length)} instead of 1. Normalise each row (axis 1), not each column.`);
        }
        const zLen = Math.sqrt(z[i]!.reduce((s, v) => s + v * v, 0));
        const cos = row.reduce((s, v, j) => s + (v * z[i]![j]!) / zLen, 0);
        if (!closeTo(cos, 1, 1e-4, 0)) return fail(`Row ${i} no longer points the same way as the input row.`);
      }
      return pass('Every row has length 1 and its original direction.');
    },
  }),
  defineTest({
    id: 'l2n-gradient',
    name: 'l2Normalize has finite gradients, even for a row of zeros',
    task: 1,
    points: 5,
    probe: 'l2NormalizeGrad',
    prepare: () => ({
      input: { cases: [{ z: [[0, 0, 0], [1, 2, 2], [-3, 0, 4]], w: [[1, -1, 0.5], [0.3, 0.2, -1], [1, 1, 1]] }] },
      secret: null,
    }),
    observed: l2GradObservation,
    judge: (obs, { input }) => {
      const g = obs.results[0];
      if (!g || g.shape.join() !== '3,3') return fail('The gradient should have the shape of z, [3, 3].');
      if (g.nonFinite > 0) {
        return fail(
          `The gradient has ${g.nonFinite} NaN or Infinity value(s). The derivative of sqrt at 0 is infinite: ` +
            'compute sqrt(sum of squares + 1e-12) yourself instead of tf.norm or norm + 1e-12.',
        );
      }
      // Rescaling a row does not change its normalised value, so the gradient is orthogonal to it.
      const z = input.cases[0]!.z as Matrix;
      for (const i of [1, 2]) {
        const dot = z[i]!.reduce((s, v, j) => s + v * (g.values[i * 3 + j] ?? NaN), 0);
        if (!closeTo(dot, 0, 1e-4, 0)) {
          return fail(`The gradient of row ${i} is not orthogonal to the row. ${HINT_NORM}`);
        }
      }
      return pass('Gradients are finite everywhere.');
    },
  }),
  defineTest({
    id: 'l2n-memory',
    name: 'l2Normalize does not leak tensors',
    task: 1,
    points: 2,
    probe: 'l2Normalize',
    prepare: (seed) => ({ input: { cases: [{ z: randomMatrix(mulberry32(seed), 8, 4) }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => leakVerdict('l2Normalize', obs, [8, 4]),
  }),
  defineTest({
    id: 'ntx-identical',
    name: 'ntXent is log(2N - 1) when all 2N embeddings are the same (N = 4)',
    task: 2,
    points: 8,
    probe: 'ntXent',
    prepare: () => {
      const rows = [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]];
      return { input: { cases: [{ z1: rows, z2: rows, temperature: 0.5 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => {
      const got = lossValue(obs.results[0]);
      if (typeof got !== 'number') return got;
      const want = Math.log(7);
      if (closeTo(got, want)) return pass(`log 7 = ${fmt(want)}: the partner is one of 7 equal candidates.`);
      const why = diagnose(got, [
        { value: Math.log(8), hint: 'the diagonal is not masked: each anchor counts itself among 8 candidates.' },
        { value: Math.log(4), hint: 'only the other view serves as negatives (4 candidates instead of 7).' },
        { value: 2 * Math.log(7), hint: 'the two directions are added and divided by N (SimCLR code) instead of averaged over 2N.' },
        { value: 8 * Math.log(7), hint: 'the 8 per-anchor losses are summed instead of averaged.' },
        { value: -Math.log(7), hint: 'the minus sign is missing: the loss is -log p, and a probability p < 1 makes it positive.' },
      ]);
      return fail(
        `With all 8 embeddings equal, every anchor sees 7 equally similar candidates, so the loss should be ` +
          `log 7 = ${fmt(want)}, but it is ${fmt(got)}.${why}`,
      );
    },
  }),
  defineTest({
    id: 'ntx-orthogonal',
    name: 'ntXent is log(1 + (2N - 2) e^(-1/tau)) when partners match and all else is orthogonal',
    task: 2,
    points: 6,
    probe: 'ntXent',
    prepare: () => {
      const eye = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
      // The second view is three times longer: after normalising it is the same.
      return { input: { cases: [{ z1: eye, z2: eye.map((r) => r.map((v) => 3 * v)), temperature: 0.5 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => {
      const got = lossValue(obs.results[0]);
      if (typeof got !== 'number') return got;
      const want = Math.log(1 + 6 * Math.exp(-2));
      if (closeTo(got, want)) return pass(`The loss is ${fmt(want)}, as the formula says.`);
      return fail(
        `Each anchor has similarity 1 to its partner and 0 to the 6 others, so the loss should be ` +
          `log(1 + 6 e^-2) = ${fmt(want)}, but it is ${fmt(got)}. z2 is 3 * z1 here: normalise before the ` +
          'dot products, then divide the similarities by the temperature.',
      );
    },
  }),
  defineTest({
    id: 'ntx-fixed',
    name: 'ntXent matches hand-checked values on three 2-D pairs at tau = 0.5 and 0.1',
    task: 2,
    points: 8,
    probe: 'ntXent',
    prepare: () => ({
      input: { cases: FIXED.map(({ temperature }) => ({ z1: FIXED_Z1, z2: FIXED_Z2, temperature })) },
      secret: null,
    }),
    observed: casesObservation,
    judge: (obs) => {
      for (let k = 0; k < FIXED.length; k++) {
        const { temperature, want, mistakes } = FIXED[k]!;
        const got = lossValue(obs.results[k]);
        if (typeof got !== 'number') return got;
        if (!closeTo(got, want, 1e-4, 1e-4)) {
          const sign = { value: -want, hint: 'the minus sign is missing: the loss is -log p, which is never negative.' };
          const why = diagnose(got, [...mistakes, sign]);
          return fail(`At temperature ${temperature} the loss should be ${want}, but it is ${fmt(got)}.${why}`);
        }
      }
      return pass('1.061423 at tau = 0.5 and 0.245596 at tau = 0.1.');
    },
  }),
  defineTest({
    id: 'ntx-scale-swap',
    name: 'ntXent ignores the length of each embedding and the order of the two views',
    task: 2,
    points: 5,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const z1 = randomMatrix(rand, 5, 3);
      const z2 = randomMatrix(rand, 5, 3);
      const scale = (m: Matrix) => m.map((row) => {
        const f = 0.2 + 4.8 * rand();
        return row.map((v) => f * v);
      });
      const cases = [
        { z1, z2, temperature: 0.3 },
        { z1: scale(z1), z2: scale(z2), temperature: 0.3 },
        { z1: z2, z2: z1, temperature: 0.3 },
      ];
      return { input: { cases }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) =>
      sameLoss(
        obs,
        ['Stretching each row by a positive factor', 'Swapping z1 and z2'],
        'The loss depends on cosine similarities only, and every anchor of both views counts once.',
      ),
  }),
  defineTest({
    id: 'ntx-gradient',
    name: 'ntXent has finite gradients, orthogonal to each embedding (zero row included)',
    task: 2,
    points: 5,
    probe: 'ntXentGrad',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const z1 = randomMatrix(rand, 4, 3);
      z1[2] = [0, 0, 0];
      return { input: { cases: [{ z1, z2: randomMatrix(rand, 4, 3), temperature: 0.5 }] }, secret: null };
    },
    observed: ntGradObservation,
    judge: (obs, { input }) => {
      const r = obs.results[0];
      if (!r) return fail('No gradient was computed.');
      const c = input.cases[0]!;
      for (const [g, z, name] of [[r.g1, c.z1, 'z1'], [r.g2, c.z2, 'z2']] as const) {
        if (g.shape.join() !== '4,3') return fail(`The gradient for ${name} should have shape [4, 3].`);
        if (g.nonFinite > 0) {
          return fail(
            `The gradient for ${name} has ${g.nonFinite} NaN/Infinity value(s). Mask with -1e9 rather than ` +
              '-Infinity, keep 1e-12 inside the square root of the normalisation, and use tf.logSoftmax rather ' +
              'than log(softmax(...)) (log(0) on the masked diagonal).',
          );
        }
        for (let i = 0; i < 4; i++) {
          const row = z[i] as number[];
          const dot = row.reduce((s, v, j) => s + v * (g.values[i * 3 + j] ?? NaN), 0);
          if (!closeTo(dot, 0, 1e-4, 0)) {
            return fail(
              `The gradient for ${name}[${i}] is not orthogonal to ${name}[${i}], so stretching that row would ` +
                'change the loss. Normalise the rows before the dot products.',
            );
          }
        }
      }
      return pass('Gradients are finite and do not depend on embedding length.');
    },
  }),
  defineTest({
    id: 'ntx-memory',
    name: 'ntXent does not leak tensors',
    task: 2,
    points: 3,
    probe: 'ntXent',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [{ z1: randomMatrix(rand, 6, 4), z2: randomMatrix(rand, 6, 4), temperature: 0.2 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => leakVerdict('ntXent', obs, []),
  }),
  defineTest({
    id: 'ntx-train',
    name: 'Your loss trains a linear encoder: loss falls and held-out views find their partners',
    task: 2,
    points: 8,
    probe: 'train',
    timeoutMs: 5000,
    prepare: () => ({
      input: {
        mixSeed: 2020,
        batchSeed: 1000,
        initSeed: 7,
        evalSeed: 99,
        steps: 150,
        batch: 32,
        evalN: 64,
        embedDim: 8,
        temperature: 0.2,
        learningRate: 0.1,
      },
      secret: null,
    }),
    observed: trainObservation,
    judge: (obs) => trainVerdict(obs, 150, { minDrop: 1, minTop1: 0.5, minGap: 0.6 }),
  }),
];

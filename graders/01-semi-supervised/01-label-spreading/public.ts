import { defineTest, type AnyGraderTest } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import {
  casesObservation,
  checkShape,
  closeTo,
  compareMatrix,
  fail,
  fmt,
  labelMatrix,
  leakVerdict,
  moonsObservation,
  moonsSplit,
  moonsVerdict,
  ownershipVerdict,
  pass,
  randomAffinity,
  randomMatrix,
} from './checks';

// Shipped to the browser: expected values here are tiny hand-checked constants or properties.

type Matrix = number[][];

// A fixed split, so every learner sees the same picture; the reference labels 99.3% of it right.
const PUBLIC_MOONS_SEED = 5;

const HINT_W = 'W[i][j] = exp(-gamma * squared distance), and W[i][i] = 0.';
const HINT_S = 'S[i][j] = W[i][j] / sqrt(d_i * d_j), where d_i is the sum of row i of W.';

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'affinity-tiny',
    name: 'buildAffinity gives exp(-gamma * squared distance) on three points',
    task: 1,
    points: 8,
    probe: 'buildAffinity',
    prepare: () => ({ input: { cases: [{ X: [[0, 0], [1, 0], [0, 2]], gamma: 0.5 }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => {
      // Squared distances 1, 4 and 5, times -0.5, exponentiated.
      const a = 0.60653066;
      const b = 0.13533528;
      const c = 0.082085;
      const W = [[0, a, b], [a, 0, c], [b, c, 0]];
      return compareMatrix('buildAffinity', obs.results[0], W, HINT_W) ?? pass('Affinities match.');
    },
  }),
  defineTest({
    id: 'affinity-properties',
    name: 'buildAffinity is n x n, symmetric, with a zero diagonal and weights in (0, 1]',
    task: 1,
    points: 6,
    probe: 'buildAffinity',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [{ X: randomMatrix(rand, 6, 2), gamma: 1 + rand() }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => {
      const r = obs.results[0];
      const bad = checkShape('buildAffinity', r, [6, 6]);
      if (bad || !r) return bad ?? fail('No result.');
      const at = (i: number, j: number) => r.values[i * 6 + j] ?? NaN;
      for (let i = 0; i < 6; i++) {
        if (at(i, i) !== 0) {
          return fail(`W[${i}][${i}] is ${fmt(at(i, i))}; a node is not its own neighbour, so the diagonal is 0.`);
        }
        for (let j = 0; j < 6; j++) {
          if (i === j) continue;
          const w = at(i, j);
          if (!(w > 0 && w <= 1)) return fail(`W[${i}][${j}] = ${fmt(w)} is outside (0, 1]. ${HINT_W}`);
          if (!closeTo(w, at(j, i), 1e-6, 1e-5)) {
            return fail(`W[${i}][${j}] differs from W[${j}][${i}]; W must be symmetric.`);
          }
        }
      }
      return pass('W is symmetric with a zero diagonal.');
    },
  }),
  defineTest({
    id: 'affinity-memory',
    name: 'buildAffinity does not leak tensors',
    task: 1,
    points: 2,
    probe: 'buildAffinity',
    prepare: (seed) => ({ input: { cases: [{ X: randomMatrix(mulberry32(seed), 8, 3), gamma: 2 }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => leakVerdict('buildAffinity', obs, 'after one call', [8, 8]),
  }),
  defineTest({
    id: 'normalize-tiny',
    name: 'normalizeSym divides W[i][j] by sqrt(d_i * d_j) on a 3-node graph',
    task: 2,
    points: 8,
    probe: 'normalizeSym',
    prepare: () => ({ input: { cases: [{ W: [[0, 1, 2], [1, 0, 3], [2, 3, 0]] }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => {
      // Degrees 3, 4, 5: 1/sqrt(12), 2/sqrt(15), 3/sqrt(20).
      const a = 0.28867513;
      const b = 0.51639778;
      const c = 0.67082039;
      const S = [[0, a, b], [a, 0, c], [b, c, 0]];
      return compareMatrix('normalizeSym', obs.results[0], S, HINT_S) ?? pass('S matches.');
    },
  }),
  defineTest({
    id: 'normalize-properties',
    name: 'normalizeSym keeps S symmetric and has sqrt(d) as an eigenvector with eigenvalue 1',
    task: 2,
    points: 6,
    probe: 'normalizeSym',
    prepare: (seed) => ({ input: { cases: [{ W: randomAffinity(mulberry32(seed), 6) }] }, secret: null }),
    observed: casesObservation,
    judge: (obs, { input }) => {
      const r = obs.results[0];
      const bad = checkShape('normalizeSym', r, [6, 6]);
      if (bad || !r) return bad ?? fail('No result.');
      const at = (i: number, j: number) => r.values[i * 6 + j] ?? NaN;
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < i; j++) {
          if (!closeTo(at(i, j), at(j, i), 1e-6, 1e-5)) {
            return fail(
              `S[${i}][${j}] differs from S[${j}][${i}]. Scale by 1/sqrt(d) on both sides, not by 1/d on one side.`,
            );
          }
        }
      }
      const sqrtD = (input.cases[0]!.W as Matrix).map((row) => Math.sqrt(row.reduce((s, w) => s + w, 0)));
      for (let i = 0; i < 6; i++) {
        const Sv = sqrtD.reduce((s, v, j) => s + at(i, j) * v, 0);
        if (!closeTo(Sv, sqrtD[i]!, 1e-4, 1e-3)) {
          return fail(`(S * sqrt(d))[${i}] is ${fmt(Sv)}, expected ${fmt(sqrtD[i])}. ${HINT_S}`);
        }
      }
      return pass('S is symmetric and correctly scaled.');
    },
  }),
  defineTest({
    id: 'normalize-memory',
    name: 'normalizeSym does not leak tensors',
    task: 2,
    points: 2,
    probe: 'normalizeSym',
    prepare: (seed) => ({ input: { cases: [{ W: randomAffinity(mulberry32(seed), 8) }] }, secret: null }),
    observed: casesObservation,
    judge: (obs) => leakVerdict('normalizeSym', obs, 'after one call', [8, 8]),
  }),
  defineTest({
    id: 'spreading-tiny',
    name: 'labelSpreading does two steps of F = alpha*S*F + (1-alpha)*Y on a 3-node path',
    task: 3,
    points: 8,
    probe: 'labelSpreading',
    prepare: () => ({
      input: {
        cases: [{ S: [[0, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0]], Y: [[1, 0], [0, 0], [0, 1]], alpha: 0.8, iters: 2 }],
      },
      secret: null,
    }),
    observed: casesObservation,
    judge: (obs) => {
      // After step 1: [[.2, 0], [.4, .4], [0, .2]]; after step 2 as below.
      const F = [[0.36, 0.16], [0.08, 0.08], [0.16, 0.36]];
      const hint = 'Start from F = Y, do exactly `iters` updates, and add (1 - alpha) * Y in every one of them.';
      return compareMatrix('labelSpreading', obs.results[0], F, hint) ?? pass('Both steps match.');
    },
  }),
  defineTest({
    id: 'spreading-limits',
    name: 'labelSpreading returns Y unchanged when alpha = 0 or iters = 0',
    task: 3,
    points: 5,
    probe: 'labelSpreading',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const S = randomAffinity(rand, 6).map((row) => row.map((w) => w / 6));
      const Y = labelMatrix(6, 2, [0, 5], [0, 1]);
      return { input: { cases: [{ S, Y, alpha: 0, iters: 5 }, { S, Y, alpha: 0.9, iters: 0 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const Y = input.cases[0]!.Y as Matrix;
      const names = ['With alpha = 0 the labels should not move at all', 'With iters = 0 no update should happen'];
      const when = ['with alpha = 0', 'with iters = 0'];
      for (let k = 0; k < 2; k++) {
        const hint = `${names[k]}: expected F = Y.`;
        const r = obs.results[k];
        const bad = compareMatrix('labelSpreading', r, Y, hint, { abs: 1e-6, rel: 0 }) ?? ownershipVerdict('labelSpreading', r!, when[k]!);
        if (bad) return bad;
      }
      return pass('Both limits return a copy of Y.');
    },
  }),
  defineTest({
    id: 'spreading-memory',
    name: 'labelSpreading does not leak tensors, even over 25 iterations',
    task: 3,
    points: 3,
    probe: 'labelSpreading',
    prepare: (seed) => {
      const S = randomAffinity(mulberry32(seed), 8).map((row) => row.map((w) => w / 8));
      return { input: { cases: [{ S, Y: labelMatrix(8, 2, [1, 6], [0, 1]), alpha: 0.9, iters: 25 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => leakVerdict('labelSpreading', obs, 'after 25 iterations', [8, 2]),
  }),
  defineTest({
    id: 'moons-spreading',
    name: 'Your whole pipeline labels the two moons from 3 labels per moon (at least 90% right)',
    task: 3,
    points: 6,
    probe: 'moons',
    prepare: () => {
      const { x, y, labeled, labels } = moonsSplit(PUBLIC_MOONS_SEED, 300, 3);
      const input = { X: x, labeled, labels, classes: 2, gamma: 20, alpha: 0.99, iters: 100, method: 'spreading' };
      return { input, secret: { truth: y, labeled } };
    },
    observed: moonsObservation,
    judge: (obs, { secret }) =>
      moonsVerdict(obs, secret, 0.9, 'buildAffinity + normalizeSym + labelSpreading'),
  }),
  defineTest({
    id: 'hard-tiny',
    name: 'labelPropagationHard does two steps of F = D^-1 W F with clamping on a 4-node path',
    task: 4,
    points: 8,
    probe: 'labelPropagationHard',
    prepare: () => ({
      input: {
        cases: [
          {
            W: [[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]],
            Y: [[1, 0], [0, 0], [0, 0], [0, 1]],
            mask: [1, 0, 0, 1],
            iters: 2,
          },
        ],
      },
      secret: null,
    }),
    observed: casesObservation,
    judge: (obs) => {
      // Step 1 gives [[1, 0], [.5, 0], [0, .5], [0, 1]] after clamping; step 2 gives:
      const F = [[1, 0], [0.5, 0.25], [0.25, 0.5], [0, 1]];
      const hint = 'Each row of P = D^-1 W must sum to 1, and labeled rows go back to Y after every step.';
      return compareMatrix('labelPropagationHard', obs.results[0], F, hint) ?? pass('Both steps match.');
    },
  }),
  defineTest({
    id: 'hard-clamp',
    name: 'labelPropagationHard keeps labeled rows exactly equal to Y and all values in [0, 1]; iters = 0 gives a copy of Y',
    task: 4,
    points: 6,
    probe: 'labelPropagationHard',
    prepare: (seed) => {
      const labeled = [0, 3, 7];
      const mask = Array.from({ length: 8 }, (_, i) => (labeled.includes(i) ? 1 : 0));
      const Y = labelMatrix(8, 3, labeled, [2, 0, 1]);
      const W = randomAffinity(mulberry32(seed), 8);
      return { input: { cases: [{ W, Y, mask, iters: 7 }, { W, Y, mask, iters: 0 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const c = input.cases[0]!;
      const r = obs.results[0];
      const bad = checkShape('labelPropagationHard', r, [8, 3]);
      if (bad || !r) return bad ?? fail('No result.');
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 3; j++) {
          const got = r.values[i * 3 + j] ?? NaN;
          const want = (c.Y as Matrix)[i]![j]!;
          if ((c.mask as number[])[i] === 1 && got !== want) {
            return fail(
              `Row ${i} is labeled, but F[${i}][${j}] = ${fmt(got)} instead of ${want}. ` +
                'Put Y back into labeled rows after every step.',
            );
          }
          if (!(got >= -1e-6 && got <= 1 + 1e-6)) {
            return fail(
              `F[${i}][${j}] = ${fmt(got)} is outside [0, 1]; rows of P should sum to 1 ` +
                '(divide each row of W by its sum).',
            );
          }
        }
      }
      const zero = obs.results[1];
      const hint = 'With iters = 0 no update should happen: expected F = Y.';
      const badZero =
        compareMatrix('labelPropagationHard', zero, c.Y as Matrix, hint, { abs: 1e-6, rel: 0 }) ??
        ownershipVerdict('labelPropagationHard', zero!, 'with iters = 0');
      if (badZero) return badZero;
      return pass('Labeled rows are clamped exactly, and iters = 0 returns a copy of Y.');
    },
  }),
  defineTest({
    id: 'hard-memory',
    name: 'labelPropagationHard does not leak tensors, even over 25 iterations',
    task: 4,
    points: 3,
    probe: 'labelPropagationHard',
    prepare: (seed) => {
      const Y = labelMatrix(8, 2, [2, 5], [1, 0]);
      const mask = [0, 0, 1, 0, 0, 1, 0, 0];
      return { input: { cases: [{ W: randomAffinity(mulberry32(seed), 8), Y, mask, iters: 25 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs) => leakVerdict('labelPropagationHard', obs, 'after 25 iterations', [8, 2]),
  }),
];

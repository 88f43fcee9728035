import { defineTest, type AnyGraderTest, type Verdict } from '@/lib/grading/contract';
import { mulberry32, permutation } from '@/lib/datasets/prng';
import {
  casesObservation,
  checkShape,
  closeTo,
  compareMatrix,
  fail,
  labelMatrix,
  moonsObservation,
  moonsSplit,
  moonsVerdict,
  pass,
  randomMatrix,
  unlabeledAccuracy,
  type CasesObservation,
  type MoonsObservation,
} from './checks';

// Server only: never bundled for the browser. Expected values come from the reference run
// (`ref`) or from float64 linear algebra below, so nothing here needs to stay small.

/** Searched for in client bundles by a build check. */
export const HIDDEN_CANARY = 'canary-hidden-label-spreading-7f3a';

type Matrix = number[][];

function rbf(X: Matrix, gamma: number): Matrix {
  return X.map((a, i) =>
    X.map((b, j) => (i === j ? 0 : Math.exp(-gamma * a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0)))),
  );
}

function symNormalize(W: Matrix): Matrix {
  const r = W.map((row) => 1 / Math.sqrt(row.reduce((s, w) => s + w, 0)));
  return W.map((row, i) => row.map((w, j) => w * r[i]! * r[j]!));
}

/** Solves A X = B by Gauss-Jordan with partial pivoting, in float64. */
function solve(A: Matrix, B: Matrix): Matrix {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...B[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[pivot]![col]!)) pivot = r;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    const p = M[col]!;
    const scale = p[col]!;
    for (let k = 0; k < p.length; k++) p[k] = p[k]! / scale;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = M[r]!;
      const f = row[col]!;
      if (f !== 0) for (let k = 0; k < row.length; k++) row[k] = row[k]! - f * p[k]!;
    }
  }
  return M.map((row) => row.slice(n));
}

/** A dense Gaussian graph on random points in a 2 x 2 square, as float64 W. */
function pointsGraph(rand: () => number, n: number, gamma: number): Matrix {
  return rbf(randomMatrix(rand, n, 2, 0, 2), gamma);
}

/** Symmetric weights with about a third of the edges removed, so degrees differ a lot. */
function sparseAffinity(rand: () => number, n: number): Matrix {
  const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Path edges (j = i + 1) are always kept so no node is isolated.
      const w = j === i + 1 || rand() > 0.35 ? 0.05 + 0.95 * rand() : 0;
      W[i]![j] = w;
      W[j]![i] = w;
    }
  }
  return W;
}

/**
 * A noisy path with a few weak shortcuts. Random point clouds mix so fast that 7 and 8 steps give
 * nearly the same F; along a path every extra step still shows, so off-by-one loops are caught.
 */
function chainAffinity(rand: () => number, n: number): Matrix {
  const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = j === i + 1 ? 0.5 + 0.5 * rand() : rand() < 0.15 ? 0.1 * rand() : 0;
      W[i]![j] = w;
      W[j]![i] = w;
    }
  }
  return W;
}

function compareToRef(fn: string, obs: CasesObservation, ref: CasesObservation | undefined, hint: string): Verdict {
  if (!ref) throw new Error('reference observation missing');
  for (let k = 0; k < ref.results.length; k++) {
    const want = ref.results[k]!;
    const [rows = 0, cols = 0] = want.shape;
    const expected = Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => want.values[i * cols + j] ?? NaN),
    );
    const bad = compareMatrix(fn, obs.results[k], expected, hint);
    if (bad) return bad;
  }
  return pass(`${fn} matches the reference on a random graph.`);
}

/**
 * Some random splits are hard for any method (e.g. all three labels near one tip of a moon), so the
 * bar is the reference's own accuracy on this split minus 3 points of slack for float32 round-off.
 */
function refAccuracy(ref: MoonsObservation | undefined, secret: { truth: number[]; labeled: number[] }): number {
  if (!ref) throw new Error('reference observation missing');
  return unlabeledAccuracy(ref.pred, secret.truth, secret.labeled) - 0.03;
}

const threeClassY = (n: number) => labelMatrix(n, 3, [0, 4, 9], [1, 0, 2]);

export const tests: AnyGraderTest[] = [
  defineTest({
    id: 'hidden-affinity-ref',
    name: 'buildAffinity matches the reference on random 3-D points',
    task: 1,
    points: 5,
    probe: 'buildAffinity',
    needsRef: true,
    prepare: (seed) => {
      const rand = mulberry32(seed);
      return { input: { cases: [{ X: randomMatrix(rand, 10, 3), gamma: 0.5 + 1.5 * rand() }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { ref }) =>
      compareToRef('buildAffinity', obs, ref, 'Use the squared distance summed over every feature.'),
  }),
  defineTest({
    id: 'hidden-normalize-ref',
    name: 'normalizeSym matches the reference on a sparse random graph',
    task: 2,
    points: 5,
    probe: 'normalizeSym',
    needsRef: true,
    prepare: (seed) => ({ input: { cases: [{ W: sparseAffinity(mulberry32(seed), 12) }] }, secret: null }),
    observed: casesObservation,
    judge: (obs, { ref }) =>
      compareToRef('normalizeSym', obs, ref, 'Degrees are row sums of W; scale rows and columns.'),
  }),
  defineTest({
    id: 'hidden-spreading-ref',
    name: 'labelSpreading matches the reference after 7 steps on a random chain-like graph',
    task: 3,
    points: 5,
    probe: 'labelSpreading',
    needsRef: true,
    prepare: (seed) => {
      const S = symNormalize(chainAffinity(mulberry32(seed), 12));
      return { input: { cases: [{ S, Y: threeClassY(12), alpha: 0.7, iters: 7 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { ref }) =>
      compareToRef('labelSpreading', obs, ref, 'Check the update and the number of steps.'),
  }),
  defineTest({
    id: 'hidden-spreading-closed-form',
    name: 'labelSpreading converges to (1 - alpha)(I - alpha S)^-1 Y',
    task: 3,
    points: 5,
    probe: 'labelSpreading',
    prepare: (seed) => {
      const S = symNormalize(pointsGraph(mulberry32(seed), 12, 1.5));
      return { input: { cases: [{ S, Y: threeClassY(12), alpha: 0.9, iters: 300 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const { S, Y, alpha } = input.cases[0]!;
      const A = S.map((row, i) => row.map((s, j) => (i === j ? 1 : 0) - alpha * s));
      const F = solve(A, Y.map((row) => row.map((y) => (1 - alpha) * y)));
      const hint = 'After many steps F should settle at the fixed point of the update.';
      return compareMatrix('labelSpreading', obs.results[0], F, hint) ?? pass('Converges to the closed form.');
    },
  }),
  defineTest({
    id: 'hidden-spreading-permutation',
    name: 'labelSpreading does not depend on the order of the nodes',
    task: 3,
    points: 3,
    probe: 'labelSpreading',
    prepare: (seed) => {
      const rand = mulberry32(seed);
      const S = symNormalize(pointsGraph(rand, 12, 2));
      const Y = threeClassY(12);
      const perm = permutation(12, rand);
      const S2 = perm.map((i) => perm.map((j) => S[i]![j]!));
      const Y2 = perm.map((i) => Y[i]!);
      const cases = [
        { S, Y, alpha: 0.8, iters: 10 },
        { S: S2, Y: Y2, alpha: 0.8, iters: 10 },
      ];
      return { input: { cases }, secret: { perm } };
    },
    observed: casesObservation,
    judge: (obs, { secret }) => {
      const [a, b] = obs.results;
      const bad = checkShape('labelSpreading', a, [12, 3]) ?? checkShape('labelSpreading', b, [12, 3]);
      if (bad || !a || !b) return bad ?? fail('No result.');
      for (let i = 0; i < 12; i++) {
        for (let j = 0; j < 3; j++) {
          const got = b.values[i * 3 + j] ?? NaN;
          const want = a.values[secret.perm[i]! * 3 + j] ?? NaN;
          if (!closeTo(got, want)) {
            return fail('Renumbering the nodes changed the answer. Only S and Y may decide the result.');
          }
        }
      }
      return pass('Renumbering the nodes just renumbers the rows.');
    },
  }),
  defineTest({
    id: 'hidden-hard-ref',
    name: 'labelPropagationHard matches the reference after 9 steps on a random chain-like graph',
    task: 4,
    points: 5,
    probe: 'labelPropagationHard',
    needsRef: true,
    prepare: (seed) => {
      const W = chainAffinity(mulberry32(seed), 12);
      const mask = W.map((_, i) => ([0, 4, 9].includes(i) ? 1 : 0));
      return { input: { cases: [{ W, Y: threeClassY(12), mask, iters: 9 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { ref }) =>
      compareToRef('labelPropagationHard', obs, ref, 'Check P = D^-1 W and the clamping step.'),
  }),
  defineTest({
    id: 'hidden-hard-harmonic',
    name: 'labelPropagationHard converges to the harmonic solution',
    task: 4,
    points: 5,
    probe: 'labelPropagationHard',
    prepare: (seed) => {
      const W = pointsGraph(mulberry32(seed), 12, 1);
      const mask = W.map((_, i) => ([0, 4, 9].includes(i) ? 1 : 0));
      return { input: { cases: [{ W, Y: threeClassY(12), mask, iters: 400 }] }, secret: null };
    },
    observed: casesObservation,
    judge: (obs, { input }) => {
      const { W, Y, mask } = input.cases[0]!;
      // F_U = (I - P_UU)^-1 P_UL Y_L, with labeled rows fixed at Y_L.
      const P = W.map((row) => row.map((w) => w / row.reduce((s, v) => s + v, 0)));
      const U = mask.flatMap((m, i) => (m === 1 ? [] : [i]));
      const L = mask.flatMap((m, i) => (m === 1 ? [i] : []));
      const A = U.map((i, a) => U.map((j, b) => (a === b ? 1 : 0) - P[i]![j]!));
      const B = U.map((i) => Y[0]!.map((_, c) => L.reduce((s, l) => s + P[i]![l]! * Y[l]![c]!, 0)));
      const FU = solve(A, B);
      const F = Y.map((row) => [...row]);
      U.forEach((i, a) => (F[i] = FU[a]!));
      const hint = 'After many steps the unlabeled rows should settle at the harmonic solution.';
      const bad = compareMatrix('labelPropagationHard', obs.results[0], F, hint);
      return bad ?? pass('Converges to the harmonic solution.');
    },
  }),
  defineTest({
    id: 'hidden-moons-spreading',
    name: 'Label spreading labels a fresh 400-point moons split from 3 labels per moon',
    task: 3,
    points: 5,
    probe: 'moons',
    needsRef: true,
    prepare: (seed) => {
      const { x, y, labeled, labels } = moonsSplit(seed, 400, 3);
      const input = { X: x, labeled, labels, classes: 2, gamma: 20, alpha: 0.99, iters: 100, method: 'spreading' };
      return { input, secret: { truth: y, labeled } };
    },
    observed: moonsObservation,
    judge: (obs, { secret, ref }) => moonsVerdict(obs, secret, refAccuracy(ref, secret), 'label spreading'),
  }),
  defineTest({
    id: 'hidden-moons-hard',
    name: 'Hard-clamped propagation labels a fresh 400-point moons split from 3 labels per moon',
    task: 4,
    points: 5,
    probe: 'moons',
    needsRef: true,
    prepare: (seed) => {
      const { x, y, labeled, labels } = moonsSplit(seed, 400, 3);
      const input = { X: x, labeled, labels, classes: 2, gamma: 20, alpha: 0, iters: 200, method: 'hard' };
      return { input, secret: { truth: y, labeled } };
    },
    observed: moonsObservation,
    judge: (obs, { secret, ref }) =>
      moonsVerdict(obs, secret, refAccuracy(ref, secret), 'hard-clamped propagation'),
  }),
];

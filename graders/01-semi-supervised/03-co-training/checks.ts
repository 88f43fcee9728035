import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';
import type { RunInput } from './probes';

// Judging helpers shared by public.ts and hidden.ts (so they ship to the browser): they replay
// the log of fit / predictProba calls that the probe recorded and compare it with what
// Blum & Mitchell's loop must do. Nothing here depends on the reference solution.

const ints = z.array(z.number().int()).max(20_000);
const fitRecord = z.object({ view: z.number().int(), width: z.number().int(), rows: ints, labels: ints });
const scoreRecord = z.object({
  view: z.number().int(),
  width: z.number().int(),
  rows: ints,
  p1: z.array(z.number()).max(20_000),
});
export const runObservation = z.object({
  labels: ints,
  fits: z.array(fitRecord).max(400),
  scores: z.array(scoreRecord).max(400),
  leaked: z.number().int(),
  undisposed: z.number().int(),
  ms: z.number(),
  second: ints.optional(),
  testPred: ints.optional(),
});
export type RunObservation = z.infer<typeof runObservation>;
type FitRecord = z.infer<typeof fitRecord>;
export type ScoreRecord = z.infer<typeof scoreRecord>;

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });
export const fmt = (v: number | undefined): string => (v === undefined ? '?' : v.toFixed(3));

type LabelMap = Map<number, number>;

function asMap(fit: FitRecord): LabelMap {
  return new Map(fit.rows.map((r, i) => [r, fit.labels[i]!]));
}

function labeledMap(labels: ReadonlyArray<number>): LabelMap {
  const m: LabelMap = new Map();
  labels.forEach((l, i) => {
    if (l === 0 || l === 1) m.set(i, l);
  });
  return m;
}

function diff(a: LabelMap, b: LabelMap): string | null {
  for (const [k, l] of a) {
    if (!b.has(k)) return `example #${k} (label ${l}) is in the first set only`;
    if (b.get(k) !== l) return `example #${k} has label ${l} in one and ${b.get(k)} in the other`;
  }
  for (const [k, l] of b) if (!a.has(k)) return `example #${k} (label ${l}) is in the second set only`;
  return null;
}

export function split(obs: RunObservation) {
  return {
    fits1: obs.fits.filter((f) => f.view === 1),
    fits2: obs.fits.filter((f) => f.view === 2),
    scores1: obs.scores.filter((s) => s.view === 1),
    scores2: obs.scores.filter((s) => s.view === 2),
  };
}

/** The labeled set before round r (from the fits), and after the last round (from the output). */
export function labeledSets(obs: RunObservation): LabelMap[] {
  return [...split(obs).fits1.map(asMap), labeledMap(obs.labels)];
}

/**
 * Round r + 1 trained on exactly the set of round r although the result holds more labels: the
 * learner wrote the picks but never retrained on them (the labeled indices were collected once).
 * Reported as such, because the pool and pick checks would otherwise blame the pool.
 */
export function staleTraining(sets: LabelMap[], r: number, rounds: number): Verdict | null {
  const before = sets[r]!;
  const after = sets[r + 1]!;
  const final = sets[sets.length - 1]!;
  if (r + 1 >= rounds || after.size !== before.size || final.size <= before.size) return null;
  if ([...after].some(([k, l]) => before.get(k) !== l)) return null;
  return fail(
    `In round ${r + 2}, h1 and h2 were trained on exactly the examples of round ${r + 1}, although coTrain ` +
      `returns ${final.size - before.size} more labeled examples in the end: the picks never reached fit. ` +
      'Collect the labeled indices and their labels from the label array at the start of every round, ' +
      "after the previous round's picks were written into it.",
  );
}

/** Output form and the two views: everything the other checks rely on. */
export function checkViews(obs: RunObservation, input: RunInput): Verdict | null {
  const n = input.y.length;
  if (obs.labels.length !== n) return fail(`coTrain returned ${obs.labels.length} labels for ${n} examples.`);
  const odd = obs.labels.findIndex((l) => l < -1 || l > 1);
  if (odd >= 0) return fail(`coTrain returned label ${obs.labels[odd]} for example #${odd}; use 0, 1, or -1 (unlabeled).`);
  const d1 = input.view1[0]!.length;
  const d2 = input.view2[0]!.length;
  const mixed = [...obs.fits, ...obs.scores].find((r) => r.view === 0);
  if (mixed) {
    return fail(
      `A classifier was given rows with ${mixed.width} features, but view 1 has ${d1} and view 2 has ${d2}. ` +
        'Co-training keeps the views apart: h1 only ever sees view1 and h2 only view2 (never concatenate them).',
    );
  }
  const foreign = [...obs.fits, ...obs.scores].find((r) => r.rows.includes(-1));
  if (foreign) {
    return fail(
      `fit or predictProba got rows that are not rows of view${foreign.view}. Pass rows of each view ` +
        'unchanged, e.g. tf.gather(view1, indices).',
    );
  }
  const R = input.opts.rounds;
  const { fits1, fits2, scores1, scores2 } = split(obs);
  if (fits1.length !== R || fits2.length !== R) {
    return fail(
      `With rounds = ${R}, fit should be called ${R} times on view 1 rows and ${R} times on view 2 rows ` +
        `(each classifier is retrained once per round); it was called ${fits1.length} and ${fits2.length} times.`,
    );
  }
  if (scores1.length !== R || scores2.length !== R) {
    return fail(
      `With rounds = ${R}, each classifier should score the pool once per round (predictProba ${R} times ` +
        `per view); h1 scored ${scores1.length} times and h2 ${scores2.length} times.`,
    );
  }
  return null;
}

/** Round 1 starts from the given labels, and h1 and h2 always train on the same labeled set. */
export function checkShared(obs: RunObservation, input: RunInput): Verdict | null {
  const given = labeledMap(input.y);
  const { fits1, fits2 } = split(obs);
  for (let r = 0; r < fits1.length; r++) {
    for (const f of [fits1[r]!, fits2[r]!]) {
      const dup = f.rows.find((k, i) => f.rows.indexOf(k) !== i);
      if (dup !== undefined) return fail(`In round ${r + 1}, example #${dup} appears twice in one training set.`);
    }
    const a = asMap(fits1[r]!);
    const b = asMap(fits2[r]!);
    if (r === 0) {
      const d = diff(a, given);
      if (d) {
        return fail(
          `In round 1, h1 should be trained on exactly the ${given.size} given labels (the examples where ` +
            `y is 0 or 1), but it got ${a.size} rows: comparing the two, ${d}.`,
        );
      }
    }
    const d = diff(a, b);
    if (d) {
      return fail(
        `In round ${r + 1}, h1 and h2 were trained on different labeled sets (h1's set vs h2's: ${d}). ` +
          'Co-training keeps one shared labeled set: what h1 labels becomes training data for h2 and the ' +
          'other way round. Keep a single label array and train both classifiers on it.',
      );
    }
  }
  return null;
}

/** Pool U': the right size, unlabeled examples only, scored by both, unpicked examples kept. */
export function checkPool(obs: RunObservation, input: RunInput): Verdict | null {
  const { poolSize } = input.opts;
  const { scores1, scores2 } = split(obs);
  const sets = labeledSets(obs);
  const unlabeled = input.y.filter((l) => l === -1).length;
  const start = labeledMap(input.y).size;
  for (let r = 0; r < scores1.length; r++) {
    const pool = scores1[r]!.rows;
    const inPool = new Set(pool);
    if (inPool.size !== pool.length) return fail(`In round ${r + 1}, h1 scored the same example twice.`);
    const labeledNow = sets[r]!;
    const taken = pool.find((k) => labeledNow.has(k));
    if (taken !== undefined) {
      return fail(
        `In round ${r + 1}, the pool contains example #${taken}, which is already labeled. ` +
          'The pool U′ holds unlabeled examples only.',
      );
    }
    const expected = Math.min(poolSize, unlabeled - (labeledNow.size - start));
    if (pool.length > expected) {
      return fail(
        `In round ${r + 1}, h1 scored ${pool.length} examples, but the pool U′ holds poolSize = ${poolSize}. ` +
          'Draw a pool of poolSize random examples from U and let the classifiers choose from it only.',
      );
    }
    if (pool.length < expected) {
      return fail(
        `In round ${r + 1}, the pool held ${pool.length} examples instead of ${expected}. After each round, ` +
          'top the pool up with fresh random examples from U until it holds poolSize again.',
      );
    }
    const stray = scores2[r]!.rows.find((k) => !inPool.has(k));
    if (stray !== undefined) {
      return fail(
        `In round ${r + 1}, h2 scored example #${stray}, which is not in the pool h1 scored. ` +
          'Both classifiers choose from the same pool U′.',
      );
    }
    const stale = staleTraining(sets, r, scores1.length);
    if (stale) return stale;
    const next = scores1[r + 1];
    if (next) {
      const nextPool = new Set(next.rows);
      const dropped = pool.find((k) => !sets[r + 1]!.has(k) && !nextPool.has(k));
      if (dropped !== undefined) {
        return fail(
          `Example #${dropped} was in the pool in round ${r + 1} and nobody picked it, yet it is gone from ` +
            `the pool in round ${r + 2}. Unpicked examples stay in U′; only the picked ones are replaced.`,
        );
      }
    }
  }
  return null;
}

/** The returned labels: given labels untouched, pseudo-labels as trained on, the right count. */
export function checkLabelsKept(obs: RunObservation, input: RunInput): Verdict | null {
  const { p, n, rounds } = input.opts;
  for (let i = 0; i < input.y.length; i++) {
    const given = input.y[i]!;
    if (given !== -1 && obs.labels[i] !== given) {
      return fail(
        `Example #${i} came with label ${given}, but coTrain returned ${obs.labels[i]} for it. The given ` +
          'labels are ground truth: never overwrite them.',
      );
    }
  }
  for (const f of obs.fits) {
    const j = f.rows.findIndex((k, i) => obs.labels[k] !== f.labels[i]);
    if (j >= 0) {
      const k = f.rows[j]!;
      return fail(
        `Example #${k} was used for training with label ${f.labels[j]}, but coTrain returned ` +
          `${obs.labels[k]} for it. A pseudo-label is assigned once and kept; return the final labeled set.`,
      );
    }
  }
  const start = labeledMap(input.y).size;
  const count = labeledMap(obs.labels).size;
  const want = start + rounds * 2 * (p + n);
  if (count !== want) {
    return fail(
      `coTrain returned ${count} labeled examples. Starting from ${start} and adding 2(p + n) = ` +
        `${2 * (p + n)} in each of the ${rounds} rounds gives ${want}; the last round's picks belong in the result too.`,
    );
  }
  return null;
}

export function memoryVerdict(obs: RunObservation): Verdict {
  if (obs.undisposed > 0) {
    return fail(
      `${obs.undisposed} classifier(s) were never disposed. Call dispose() on each classifier once you have ` +
        'its scores for the round.',
    );
  }
  if (obs.leaked > 0) {
    return fail(
      `coTrain left ${obs.leaked} tensor(s) behind. Dispose the rows you gathered and the tensors that ` +
        'predictProba returns (or read them inside tf.tidy).',
    );
  }
  if (obs.leaked < 0) {
    return fail(`coTrain disposed ${-obs.leaked} tensor(s) it does not own: leave view1 and view2 alone.`);
  }
  return pass('Every tensor and classifier was cleaned up.');
}

export function accuracy(pred: ReadonlyArray<number>, truth: ReadonlyArray<number>): number {
  let right = 0;
  truth.forEach((t, i) => (right += pred[i] === t ? 1 : 0));
  return right / Math.max(truth.length, 1);
}

/** Runs the checks in order and reports the first failure, or `ok`. */
export function firstFailure(checks: Array<() => Verdict | null>, ok: string): Verdict {
  for (const check of checks) {
    const v = check();
    if (v) return v;
  }
  return pass(ok);
}

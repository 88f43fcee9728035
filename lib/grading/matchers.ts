import type { Verdict } from './contract';

// Judge-side matchers over plain numbers (what probes report), each returning a Verdict whose
// message is written for the learner. Pure and browser-safe: public.ts imports them, so they ship
// to the browser; they hold no expected values themselves. Messages follow one pattern: what was
// observed, what was expected, then an optional `hint` saying where to look.

/** A scalar, vector, matrix or deeper nesting; `null` is how probes report NaN and Infinity. */
export type NumberTree = number | null | ReadonlyArray<NumberTree>;

/** Passes when |actual - expected| <= abs + rel * |expected| (the numpy.allclose rule). */
export type Tolerance = { abs: number; rel: number };

/** float32 maths on the cpu or wasm backend; loosen (rel ~1e-2) where a test may run on WebGL. */
export const FP32_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-3 };

export type MatcherOptions = {
  /** Names what is checked in the message, e.g. the learner's function: "labelSpreading". */
  name?: string;
  /** Appended to a failure: where to look. */
  hint?: string;
};

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });

/** Six significant digits: enough to compare, short enough to read. */
export const fmt = (v: number | null | undefined): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);

const failWith = (message: string, hint: string | undefined): Verdict => fail(hint ? `${message} ${hint}` : message);
const showShape = (shape: ReadonlyArray<number | null>): string =>
  `[${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;
const showIndex = (index: ReadonlyArray<number>): string => index.map((i) => `[${i}]`).join('');

export function withinTolerance(actual: number, expected: number, tol: Tolerance = FP32_TOLERANCE): boolean {
  // Written so that NaN on either side never passes.
  return Math.abs(actual - expected) <= tol.abs + tol.rel * Math.abs(expected);
}

/** The shape of a (rectangular) nested array, read along its first elements. */
export function shapeOf(tree: NumberTree): number[] {
  const shape: number[] = [];
  let node: NumberTree | undefined = tree;
  while (Array.isArray(node)) {
    shape.push(node.length);
    node = (node as ReadonlyArray<NumberTree>)[0];
  }
  return shape;
}

/** Rebuilds nested rows from a probe's flat row-major values, e.g. a [2, 3] report into 2 rows of 3. */
export function unflatten<T>(values: ReadonlyArray<T>, shape: ReadonlyArray<number>): NestedOf<T> {
  const build = (offset: number, dim: number): NestedOf<T> => {
    if (dim === shape.length) return values[offset] as NestedOf<T>;
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[dim]! }, (_, i) => build(offset + i * stride, dim + 1)) as NestedOf<T>;
  };
  return build(0, 0);
}
export type NestedOf<T> = T | NestedOf<T>[];

/** Compares numbers, arrays or matrices entry by entry; the message names the first entry off. */
export function closeTo(
  actual: NumberTree,
  expected: NumberTree,
  options: Partial<Tolerance> & MatcherOptions = {},
): Verdict {
  const { name = 'Your result', hint } = options;
  const tol = { abs: options.abs ?? FP32_TOLERANCE.abs, rel: options.rel ?? FP32_TOLERANCE.rel };
  const got = shapeOf(actual);
  const want = shapeOf(expected);
  if (got.join() !== want.join()) return failWith(`${name} has shape ${showShape(got)}, expected ${showShape(want)}.`, hint);
  const walk = (a: NumberTree | undefined, e: NumberTree, index: number[]): Verdict | null => {
    if (Array.isArray(e)) {
      const rows = Array.isArray(a) ? (a as ReadonlyArray<NumberTree>) : [];
      if (rows.length !== e.length) {
        return failWith(`${name}: entry ${showIndex(index)} has ${rows.length} values, expected ${e.length}.`, hint);
      }
      for (let i = 0; i < e.length; i++) {
        const bad = walk(rows[i], (e as ReadonlyArray<NumberTree>)[i]!, [...index, i]);
        if (bad) return bad;
      }
      return null;
    }
    const x = typeof a === 'number' ? a : NaN;
    const y = typeof e === 'number' ? e : NaN;
    if (withinTolerance(x, y, tol)) return null;
    const shown = a === null || a === undefined ? 'NaN or Infinity' : fmt(x);
    const what = index.length === 0 ? `${name} is` : `${name}: entry ${showIndex(index)} is`;
    return failWith(`${what} ${shown} but should be ${fmt(y)}.`, hint);
  };
  return walk(actual, expected, []) ?? pass(`${name} matches.`);
}

/** `null` in `expected` accepts any size along that axis, e.g. [null, 10] for a batch of 10-way scores. */
export function shapeIs(
  actual: ReadonlyArray<number>,
  expected: ReadonlyArray<number | null>,
  options: MatcherOptions = {},
): Verdict {
  const { name = 'Your function', hint } = options;
  const ok = actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
  if (ok) return pass(`${name} returned shape ${showShape(actual)}.`);
  return failWith(`${name} returned shape ${showShape(actual)}, expected ${showShape(expected)}.`, hint);
}

export function allFinite(values: NumberTree, options: MatcherOptions = {}): Verdict {
  const { name = 'Your function', hint } = options;
  let count = 0;
  let first: number[] | undefined;
  const walk = (v: NumberTree, index: number[]): void => {
    if (Array.isArray(v)) (v as ReadonlyArray<NumberTree>).forEach((x, i) => walk(x, [...index, i]));
    else if (typeof v !== 'number' || !Number.isFinite(v)) {
      count += 1;
      first ??= index;
    }
  };
  walk(values, []);
  if (count === 0) return pass(`${name} returned only finite numbers.`);
  const where = first && first.length > 0 ? ` (the first at ${showIndex(first)})` : '';
  return failWith(
    `${name} returned ${count} NaN or Infinity value(s)${where}. Look for a division by zero, ` +
      'the log of 0 or the square root of a negative number.',
    hint,
  );
}

export type ProbabilityOptions = MatcherOptions & {
  /** 1 (default): every row is a distribution; 0: every column is. */
  axis?: 0 | 1;
  /** Allowed error on each sum and outside [0, 1]; float32 softmax is good to about 1e-6. */
  tol?: number;
};

/** Every entry in [0, 1] and every row (or column) summing to 1. A 1-D input is one distribution. */
export function probabilities(rows: ReadonlyArray<number | null> | ReadonlyArray<ReadonlyArray<number | null>>, options: ProbabilityOptions = {}): Verdict {
  const { name = 'Your probabilities', hint, axis = 1, tol = 1e-4 } = options;
  const matrix = (rows.length > 0 && !Array.isArray(rows[0]) ? [rows] : rows) as ReadonlyArray<ReadonlyArray<number | null>>;
  const sums = new Array<number>(axis === 1 ? matrix.length : (matrix[0]?.length ?? 0)).fill(0);
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i]!;
    for (let j = 0; j < row.length; j++) {
      const p = row[j];
      if (typeof p !== 'number' || !(p >= -tol && p <= 1 + tol)) {
        const shown = typeof p === 'number' && Number.isFinite(p) ? fmt(p) : 'NaN or Infinity';
        return failWith(`${name}: entry [${i}][${j}] is ${shown}; a probability lies between 0 and 1.`, hint);
      }
      sums[axis === 1 ? i : j] = (sums[axis === 1 ? i : j] ?? 0) + p;
    }
  }
  const line = axis === 1 ? 'row' : 'column';
  const bad = sums.findIndex((s) => Math.abs(s - 1) > tol);
  if (bad >= 0) {
    return failWith(
      `${name}: ${line} ${bad} sums to ${fmt(sums[bad])}, but each ${line} should sum to 1. ` +
        `Normalise (e.g. softmax) along the ${axis === 1 ? 'last axis' : 'first axis'}.`,
      hint,
    );
  }
  return pass(`Each ${line} of ${name} is a probability distribution.`);
}

export type LeakOptions = MatcherOptions & {
  /** When the count was taken, e.g. "after 25 iterations". */
  when?: string;
};

/**
 * `leaked` is the probe's tensor count after the call minus before, minus the tensors returned.
 * A negative count means the learner disposed tensors it did not create (e.g. an input); that is
 * not a leak, so it passes here.
 */
export function noTensorLeak(leaked: number, options: LeakOptions = {}): Verdict {
  const { name = 'Your function', when, hint } = options;
  if (leaked < 0) {
    return fail(
      `${name} disposed ${-leaked} tensor(s) it did not create${when ? ` ${when}` : ''}, probably one of its inputs. ` +
        'Never dispose tensors you were given: the caller still owns them.',
    );
  }
  if (leaked === 0) return pass(`${name} cleans up after itself.`);
  return fail(
    `${name} left ${leaked} tensor(s) behind${when ? ` ${when}` : ''}. ` +
      (hint ?? 'Wrap the body in tf.tidy(() => { ... }) and return the result from inside it.'),
  );
}

/** ‖a − b‖ / (‖a‖ + ‖b‖): 0 when equal, 1 when opposite; scale-free, so one bound fits any loss. */
export function relativeError(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  const denom = Math.sqrt(na) + Math.sqrt(nb);
  if (Number.isNaN(diff) || Number.isNaN(denom)) return NaN;
  return denom === 0 ? 0 : Math.sqrt(diff) / denom;
}

export type GradientOptions = MatcherOptions & {
  /** Largest accepted relative error; ~1e-2 for float32 with eps 1e-3, ~5e-2 for second-order. */
  relTol?: number;
  /** Passes anyway when every entry is within this: both gradients are ~0 and only noise differs. */
  absTol?: number;
};

/** An analytic gradient against its finite-difference estimate (see gradCheck in probe-helpers). */
export function gradientMatches(
  analytic: ReadonlyArray<number | null>,
  numeric: ReadonlyArray<number | null>,
  options: GradientOptions = {},
): Verdict {
  const { name = 'Your gradient', hint, relTol = 1e-2, absTol = 1e-6 } = options;
  if (analytic.length !== numeric.length) {
    return failWith(`${name} has ${analytic.length} entries, but there are ${numeric.length} parameters.`, hint);
  }
  const a = analytic.map((v) => (typeof v === 'number' ? v : NaN));
  const n = numeric.map((v) => (typeof v === 'number' ? v : NaN));
  let worst = 0;
  let worstGap = -1;
  a.forEach((v, i) => {
    const gap = Math.abs(v - n[i]!);
    // A NaN gap is the worst possible and stays the one reported.
    if (!Number.isNaN(worstGap) && !(gap <= worstGap)) [worst, worstGap] = [i, gap];
  });
  const rel = relativeError(a, n);
  if (rel <= relTol || worstGap <= absTol) return pass(`${name} agrees with finite differences (relative error ${fmt(rel)}).`);
  return failWith(
    `${name} disagrees with a finite-difference estimate: relative error ${fmt(rel)} (at most ${fmt(relTol)} ` +
      `allowed). The largest gap is at entry ${worst}: yours ${fmt(a[worst])}, numerical ${fmt(n[worst])}.`,
    hint,
  );
}

/** Runs checks in order and returns the first failure, so the learner sees one thing to fix. */
export function firstFailure(checks: ReadonlyArray<Verdict | null | (() => Verdict | null)>, okMessage: string): Verdict {
  for (const check of checks) {
    const verdict = typeof check === 'function' ? check() : check;
    if (verdict && !verdict.pass) return verdict;
  }
  return pass(okMessage);
}

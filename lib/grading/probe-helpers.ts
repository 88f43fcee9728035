import type * as TF from '@tensorflow/tfjs';
import { z } from 'zod';
import type { LearnerModule } from './contract';
import { relativeError } from './matchers';
import { ProbeError } from './probe-runner';

// Probe-side helpers: they run inside the sandbox (browser worker or jailed child), next to learner
// code, so they only ever see inputs and never hold an expected value. tfjs is a type-only import
// and always comes from the probe's ctx.tf: the sandbox provides the one instance learner code uses.

export type LearnerFunction = (...args: unknown[]) => unknown;

/** How a wrong value reads in a learner message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (did you forget a return?)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a plain array';
  if (value instanceof Promise) return 'a Promise';
  return `a ${typeof value}`;
}

/** The learner's export, or a ProbeError naming what to export; the judge shows it as is. */
export function requireFunction(learner: LearnerModule, name: string): LearnerFunction {
  const fn = learner[name];
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'nothing' : describeValue(fn);
    throw new ProbeError(`Export a function named ${name} (found ${found} under that name).`);
  }
  return fn as LearnerFunction;
}

/** Checks a learner's return value is a tensor; a Promise gets its own message (async by mistake). */
export function requireTensor(tf: typeof TF, value: unknown, name: string, kind = 'tf.Tensor'): TF.Tensor {
  if (value instanceof tf.Tensor) return value;
  if (value instanceof Promise) throw new ProbeError(`${name} returned a Promise. Make it a plain (not async) function.`);
  throw new ProbeError(`${name} should return a ${kind}, but it returned ${describeValue(value)}.`);
}

/**
 * Plain JSON numbers: NaN and ±Infinity become null (JSON would silently turn them into null
 * anyway) and are counted, so the judge can say "3 NaN values" instead of a confusing mismatch.
 */
export function jsonNumbers(values: ArrayLike<number>): { values: (number | null)[]; nonFiniteCount: number } {
  let nonFiniteCount = 0;
  const out = Array.from(values, (v) => {
    if (Number.isFinite(v)) return v;
    nonFiniteCount += 1;
    return null;
  });
  return { values: out, nonFiniteCount };
}

/** What the judge receives for one tensor; use it as (part of) a test's `observed` schema. */
export const TensorReportSchema = z.object({
  shape: z.array(z.number().int().nonnegative()).max(8),
  values: z.array(z.number().nullable()).max(1_000_000),
  nonFiniteCount: z.number().int().nonnegative(),
});
export type TensorReport = z.infer<typeof TensorReportSchema>;

/** Reads a tensor into a TensorReport (row-major values). Does not dispose it. */
export async function tensorReport(t: TF.Tensor): Promise<TensorReport> {
  // data(), not dataSync(): on WebGL a synchronous read stalls the worker.
  const { values, nonFiniteCount } = jsonNumbers(await t.data());
  return { shape: [...t.shape], values, nonFiniteCount };
}

function collectTensors(tf: typeof TF, value: unknown, found: Set<TF.Tensor>, depth = 0): void {
  if (value instanceof tf.Tensor) found.add(value);
  else if (depth < 4 && Array.isArray(value)) value.forEach((v) => collectTensors(tf, v, found, depth + 1));
  else if (depth < 4 && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((v) => collectTensors(tf, v, found, depth + 1));
  }
}

/**
 * Calls `fn` and counts the tensors it left alive, not counting the ones it returned (a tensor,
 * or arrays / plain objects of them) unless they are among `inputs`, which existed before. Create
 * inputs before calling, so they are not counted either. Works for async functions too (tf.tidy
 * cannot wrap those, so they are where leaks hide). A negative count means `fn` disposed tensors it
 * did not create, e.g. its inputs. If `fn` throws, the error propagates and nothing is counted.
 */
export async function measureLeak<T>(
  tf: typeof TF,
  fn: () => T,
  inputs: ReadonlyArray<TF.Tensor> = [],
): Promise<{ result: Awaited<T>; leaked: number }> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const returned = new Set<TF.Tensor>();
  collectTensors(tf, result, returned);
  const owned = [...returned].filter((t) => !t.isDisposed && !inputs.includes(t)).length;
  return { result, leaked: tf.memory().numTensors - before - owned };
}

/**
 * Central differences, (f(p + eps e_i) - f(p - eps e_i)) / 2 eps, for every coordinate: error
 * O(eps^2) where forward differences give O(eps). `f` gets a fresh number[] each call (tf.tensor1d
 * accepts it; it may keep or change it). In float32 maths eps ~1e-3 balances truncation against
 * round-off; use ~1e-2 for second-order quantities such as a MAML meta-gradient.
 */
export function finiteDifferenceGrad(f: (p: number[]) => number, p: ArrayLike<number>, eps = 1e-3): number[] {
  const base = Array.from(p);
  return base.map((v, i) => {
    const plus = [...base];
    const minus = [...base];
    plus[i] = v + eps;
    minus[i] = v - eps;
    return (f(plus) - f(minus)) / (2 * eps);
  });
}

/** Both gradients as JSON numbers, for the judge's gradientMatches (which recomputes the error). */
export type GradCheckReport = {
  analytic: (number | null)[];
  numeric: (number | null)[];
  /** For logs and quick looks; judges recompute it rather than trust a number from the sandbox. */
  relError: number | null;
};

export const GradCheckReportSchema = z.object({
  analytic: z.array(z.number().nullable()).max(100_000),
  numeric: z.array(z.number().nullable()).max(100_000),
  relError: z.number().nullable(),
});

/**
 * Compares an analytic gradient at `p` (the learner's, or one built from their functions) with
 * central differences of `f`. In the sandbox this checks consistency, not truth: a wrong `f` with
 * a matching gradient passes, so pair it with a test of `f`'s values.
 */
export function gradCheck(
  f: (p: number[]) => number,
  analytic: ArrayLike<number>,
  p: ArrayLike<number>,
  eps = 1e-3,
): GradCheckReport {
  const numeric = finiteDifferenceGrad(f, p, eps);
  const a = Array.from(analytic);
  const rel = relativeError(a, numeric);
  return {
    analytic: jsonNumbers(a).values,
    numeric: jsonNumbers(numeric).values,
    relError: Number.isFinite(rel) ? rel : null,
  };
}

import { prepareTests, toProbeJobs, type PreparedTest } from './judge';
import type { ProbeJob } from './probe-runner';

export type PreparedRun = {
  readonly tests: ReadonlyArray<PreparedTest>;
  /** What the child gets; one array per entry, so its JSON can be cached too (protocol.ts). */
  readonly jobs: ReadonlyArray<ProbeJob>;
};

// Entries are a few MB for the larger exercises; (exercise, version, seed) triples in use number
// in the tens, so this only bounds a pathological churn of versions.
const MAX_ENTRIES = 64;
const cache = new Map<string, PreparedRun>();

/**
 * prepare() is deterministic per (grader version, seed) and costs a co-training grade ~13 ms of
 * worker CPU, plus ~5 ms to serialize its 700 KB of inputs, for every submission; under a deadline
 * rush that was a tenth of the grading time (docs/benchmarks.md). Prepared once, the tests are
 * deep-frozen: judges already share one cached `ref` per test, and a judge that wrote to its
 * input or secret would now corrupt the next grade, so such a write throws (ES modules are strict)
 * and surfaces as GRADER_ERROR instead. Typed arrays cannot be frozen; graders must not write to them.
 */
export function preparedRun(version: string, seed: number, tests: Parameters<typeof prepareTests>[0]): PreparedRun {
  const key = `${version}:${seed}`;
  let run = cache.get(key);
  if (!run) {
    const prepared = prepareTests(tests, seed);
    for (const p of prepared) {
      deepFreeze(p.input);
      deepFreeze(p.secret);
      Object.freeze(p);
    }
    const jobs = toProbeJobs(prepared).map((job) => Object.freeze(job));
    run = Object.freeze({ tests: Object.freeze(prepared), jobs: Object.freeze(jobs) });
    cache.set(key, run);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return run;
}

/** Freezes plain objects and arrays all the way down (Maps, Sets and typed arrays cannot be). */
export function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return;
  seen.add(value);
  if (!(value instanceof Map || value instanceof Set)) Object.freeze(value);
  const children = value instanceof Map ? [...value.values()] : value instanceof Set ? [...value] : Reflect.ownKeys(value).map((k) => (value as Record<PropertyKey, unknown>)[k]);
  for (const child of children) deepFreeze(child, seen);
}

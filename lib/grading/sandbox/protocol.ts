import type { Json } from '../contract';
import type { ProbeJob } from '../probe-runner';

/**
 * The parent → child half of the wire format between the trusted parent and the jailed child,
 * and the limits both sides share. The other half, everything the child says, is parsed with zod
 * by the parent (child-events.ts): learner code runs in the child and can write to the same file
 * descriptors, so that direction is the trust boundary. The job itself comes from the trusted
 * parent; the child checks its shape by hand, because loading zod there cost every job ~50 ms
 * (docs/decisions/010-lean-grading-child.md).
 */

/** Limits the parent applies to what one child may send back (per test, as plain text). */
export const TEST_OUTPUT_CAP = 4000;
export const MAX_CODE_CHARS = 256 * 1024;
export const MAX_JOB_BYTES = 8 * 1024 * 1024;
export const MAX_PROBE_JOBS = 500;

export type ChildJob = {
  /** Learner code, already transpiled to CommonJS. */
  code: string;
  /** CommonJS bundle of the exercise's probes.ts (tfjs left external). */
  probesJs: string;
  jobs: ReadonlyArray<ProbeJob>;
};

const jobsJson = new WeakMap<ReadonlyArray<ProbeJob>, string>();

/**
 * The job as the child reads it from stdin. A frozen jobs array is the server's cached prepared
 * run (prepared-cache.ts), the same for every grade of an exercise, so its JSON (700 KB for
 * co-training) is built once; anything else is serialized afresh.
 */
export function serializeChildJob(job: ChildJob): string {
  let jobs = jobsJson.get(job.jobs);
  if (jobs === undefined) {
    jobs = JSON.stringify(job.jobs);
    if (Object.isFrozen(job.jobs)) jobsJson.set(job.jobs, jobs);
  }
  return `{"code":${JSON.stringify(job.code)},"probesJs":${JSON.stringify(job.probesJs)},"jobs":${jobs}}`;
}

const JOB_KEYS = ['code', 'jobs', 'probesJs'];
const PROBE_JOB_KEYS = ['id', 'input', 'probe'];

const hasExactly = (value: object, keys: string[]): boolean => Object.keys(value).sort().join() === keys.join();
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The job as the child accepts it, or why not (the child reports that as a grader fault). */
export function checkChildJob(value: unknown): { ok: true; job: ChildJob } | { ok: false; error: string } {
  if (!isRecord(value) || !hasExactly(value, JOB_KEYS)) return { ok: false, error: `a job has exactly the keys ${JOB_KEYS.join(', ')}` };
  const { code, probesJs, jobs } = value;
  if (typeof code !== 'string' || code.length > MAX_CODE_CHARS) return { ok: false, error: `code must be a string of at most ${MAX_CODE_CHARS} characters` };
  if (typeof probesJs !== 'string') return { ok: false, error: 'probesJs must be a string' };
  if (!Array.isArray(jobs) || jobs.length > MAX_PROBE_JOBS) return { ok: false, error: `jobs must be an array of at most ${MAX_PROBE_JOBS}` };
  for (const [i, job] of jobs.entries()) {
    if (!isRecord(job) || !hasExactly(job, PROBE_JOB_KEYS) || typeof job.id !== 'string' || typeof job.probe !== 'string') {
      return { ok: false, error: `jobs[${i}] must be { id: string, probe: string, input: JSON }` };
    }
  }
  // `input` arrived through JSON.parse, so it is JSON by construction.
  return { ok: true, job: { code, probesJs, jobs: jobs as Array<{ id: string; probe: string; input: Json }> } };
}

import { log as logger } from '@/lib/log';
import { findExercise, loadGrader, type LoadedGrader } from './grader-registry.server';
import { errorResult, GraderBugError, judgeObservations, scoreResult, toProbeJobs, type PreparedTest } from './judge';
import { preparedRun, type PreparedRun } from './prepared-cache';
import { GradeResultSchema, type GradeResult, type TestResult } from './result-schema';
import type { RunLimits, SandboxFailure } from './sandbox/outcome';
import { SandboxConfigError } from './sandbox/jail-mode';
import { getDefaultPool, type SandboxPool } from './sandbox/pool';
import { MAX_CODE_CHARS } from './sandbox/protocol';
import { transpileLearnerCode } from './transpile';

export type GradeOptions = {
  /** Slug, uuid, or path of the exercise. */
  exercise: string;
  /** The learner's TypeScript source. */
  code: string;
  courseRoot?: string;
  pool?: SandboxPool;
  /** Overrides meta.timeLimitMs (tests use short limits). */
  wallMs?: number;
};

/**
 * Grades one submission on the server: the learner's code runs in a fresh jailed child; the
 * expected values, hidden labels and reference outputs stay in this (trusted) process, which
 * judges the child's observations. Throws only for an unknown exercise (ExerciseNotFoundError)
 * or a machine that cannot jail safely (SandboxConfigError); every other failure, ours included,
 * becomes a GradeResult, so a queue never retries forever or loses the submission.
 */
export async function gradeCode(options: GradeOptions): Promise<GradeResult> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const entry = await findExercise(options.exercise, options.courseRoot);
  let grader: LoadedGrader;
  try {
    grader = await loadGrader(entry);
  } catch (error) {
    return graderError(`${entry.relDir}: grader failed to load: ${message(error)}`, 'unavailable', elapsed());
  }
  try {
    return await gradeWith(grader, options, elapsed);
  } catch (error) {
    if (error instanceof SandboxConfigError) throw error;
    return graderError(`${entry.relDir}: ${message(error)}`, grader.version, elapsed());
  }
}

async function gradeWith(grader: LoadedGrader, options: GradeOptions, elapsed: () => number): Promise<GradeResult> {
  const entry = grader.entry;
  const pool = options.pool ?? getDefaultPool();
  const finish = (result: GradeResult): GradeResult => validated(result, grader.version, elapsed);

  if (options.code.length > MAX_CODE_CHARS) {
    return finish(errorResult('SYNTAX_ERROR', `The file is longer than ${MAX_CODE_CHARS} characters.`, grader.version, elapsed()));
  }
  const compiled = transpileLearnerCode(options.code);
  if (!compiled.ok) return finish(errorResult('SYNTAX_ERROR', compiled.message, grader.version, elapsed()));

  let run: PreparedRun;
  try {
    run = preparedRun(grader.version, entry.meta.seed, grader.tests);
  } catch (error) {
    return finish(graderError(`prepare threw: ${message(error)}`, grader.version, elapsed()));
  }
  const limits = runLimits(grader, options.wallMs ?? entry.meta.timeLimitMs);

  let refs: Map<string, unknown>;
  try {
    refs = await referenceObservations(grader, run.tests, entry.meta.seed, pool, limits);
  } catch (error) {
    if (error instanceof SandboxConfigError) throw error;
    return finish(graderError(`reference solution: ${message(error)}`, grader.version, elapsed()));
  }

  const outcome = await pool.run({ code: compiled.js, probesJs: grader.probesJs, jobs: run.jobs }, limits);
  let tests: TestResult[];
  try {
    tests = judgeObservations(run.tests, outcome.observations, refs).map((t) => withOutput(t, outcome.outputs[t.id]));
  } catch (error) {
    if (error instanceof GraderBugError) return finish(graderError(error.message, grader.version, elapsed()));
    throw error;
  }
  if (outcome.failure) {
    if (outcome.failure.verdict === 'GRADER_ERROR') logGraderError(grader, outcome.failure);
    const marked = markStopped(tests, outcome.failure);
    return finish(errorResult(outcome.failure.verdict, outcome.failure.detail || undefined, grader.version, elapsed(), marked));
  }
  // The probe runner reports a missing probe as "Error: Grader bug: ..."; that is ours, not the
  // learner's. (Learner code could throw the same text; it would only earn itself a non-grade.)
  const bug = outcome.observations.find((o) => !o.ok && /^(Error: )?Grader bug:/.test(o.error));
  if (bug && !bug.ok) return finish(graderError(`${bug.id}: ${bug.error}`, grader.version, elapsed()));
  return finish(scoreResult(tests, grader.version, elapsed()));
}

function runLimits(grader: LoadedGrader, wallMs: number): RunLimits {
  const testTimeoutMs: Record<string, number> = {};
  for (const t of grader.tests) if (t.timeoutMs !== undefined) testTimeoutMs[t.id] = t.timeoutMs;
  return { wallMs, testTimeoutMs };
}

const refCache = new Map<string, Promise<Map<string, unknown>>>();
const REF_CACHE_MAX = 200;

/**
 * Runs solution.ts through the same sandbox on the same inputs, once per (grader version, seed):
 * prepare is deterministic, so the references are too. The promise is cached so concurrent
 * grades share one run; a failed run is forgotten so the next grade retries it.
 */
function referenceObservations(
  grader: LoadedGrader,
  prepared: ReadonlyArray<PreparedTest>,
  seed: number,
  pool: SandboxPool,
  limits: RunLimits,
): Promise<Map<string, unknown>> {
  const needed = prepared.filter((p) => p.test.needsRef);
  if (needed.length === 0) return Promise.resolve(new Map());
  const key = `${grader.version}:${seed}`;
  let pending = refCache.get(key);
  if (!pending) {
    pending = runReference(grader, needed, pool, { ...limits, wallMs: limits.wallMs * 2 });
    refCache.set(key, pending);
    pending.catch(() => refCache.delete(key));
    if (refCache.size > REF_CACHE_MAX) refCache.delete(refCache.keys().next().value as string);
  }
  return pending;
}

async function runReference(
  grader: LoadedGrader,
  needed: PreparedTest[],
  pool: SandboxPool,
  limits: RunLimits,
): Promise<Map<string, unknown>> {
  const outcome = await pool.run({ code: grader.solutionJs ?? '', probesJs: grader.probesJs, jobs: toProbeJobs(needed) }, limits);
  if (outcome.failure) throw new Error(`${outcome.failure.verdict} ${outcome.failure.log ?? ''}`);
  const refs = new Map<string, unknown>();
  for (const { test } of needed) {
    const obs = outcome.observations.find((o) => o.id === test.id);
    if (!obs?.ok) throw new Error(`test ${test.id}: ${obs && !obs.ok ? obs.error : 'no observation'}`);
    const parsed = test.observed.safeParse(obs.value);
    if (!parsed.success) throw new Error(`test ${test.id}: solution output fails its own schema`);
    refs.set(test.id, parsed.data);
  }
  return refs;
}

/** The test that was running when the sandbox stopped gets the reason instead of "Not run". */
function markStopped(tests: TestResult[], failure: SandboxFailure): TestResult[] {
  const what: Record<SandboxFailure['verdict'], string> = {
    TIMEOUT: 'Stopped here: this test ran past the time limit.',
    MEMORY_LIMIT: 'Stopped here: this test used more memory than allowed.',
    OUTPUT_LIMIT: 'Stopped here: this test printed too much output.',
    GRADER_ERROR: 'Stopped here: the grader failed while running this test.',
  };
  return tests.map((t) =>
    t.id === failure.testId
      ? withOutput({ ...t, status: 'error', points: 0, message: `${what[failure.verdict]} ${failure.detail}`.trim() }, t.output ?? failure.output)
      : t,
  );
}

function withOutput(test: TestResult, output: string | undefined): TestResult {
  return output ? { ...test, output: output.slice(0, 4000) } : test;
}

function graderError(log: string, version: string, durationMs: number): GradeResult {
  logger.error('grader: GRADER_ERROR', { graderVersion: version, log });
  return errorResult('GRADER_ERROR', undefined, version, durationMs);
}

function logGraderError(grader: LoadedGrader, failure: SandboxFailure): void {
  logger.error('grader: GRADER_ERROR', { grader: grader.entry.relDir, graderVersion: grader.version, log: failure.log ?? '' });
}

function validated(result: GradeResult, version: string, elapsed: () => number): GradeResult {
  const parsed = GradeResultSchema.safeParse(result);
  if (parsed.success) return parsed.data;
  return graderError(`result failed its schema: ${parsed.error.issues[0]?.message ?? ''}`, version, elapsed());
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { AnyGraderTest, Json } from './contract';
import type { Observation, ProbeJob } from './probe-runner';
import type { ErrorVerdict, GradeResult, TestResult } from './result-schema';

export type PreparedTest = {
  test: AnyGraderTest;
  input: Json;
  secret: unknown;
};

export function prepareTests(tests: ReadonlyArray<AnyGraderTest>, seed: number): PreparedTest[] {
  return tests.map((test, index) => {
    // Each test gets its own stream (from its position and id); reordering tests changes their data,
    // which changes the grader version, so stored grades stay attributable.
    const { input, secret } = test.prepare(deriveSeed(seed, index, test.id));
    return { test, input, secret };
  });
}

export function toProbeJobs(prepared: ReadonlyArray<PreparedTest>): ProbeJob[] {
  return prepared.map(({ test, input }) => ({ id: test.id, probe: test.probe, input }));
}

export function deriveSeed(seed: number, index: number, id: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of `${index}:${id}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return h;
}

export class GraderBugError extends Error {}

/**
 * Trusted side: compares each observation with what the test expects. Observations are untrusted
 * (they come from the sandbox), so each is validated by the test's schema before judging.
 */
export function judgeObservations(
  prepared: ReadonlyArray<PreparedTest>,
  observations: ReadonlyArray<Observation>,
  refs: ReadonlyMap<string, unknown> = new Map(),
): TestResult[] {
  const byId = new Map(observations.map((o) => [o.id, o]));
  return prepared.map(({ test, input, secret }) => {
    const base = { id: test.id, name: test.name, task: test.task, maxPoints: test.points };
    const observation = byId.get(test.id);
    if (!observation) {
      return { ...base, status: 'error', points: 0, message: 'Not run: an earlier problem stopped the run.' };
    }
    if (!observation.ok) {
      return {
        ...base,
        status: 'fail',
        points: 0,
        message: observation.source === 'contract' ? observation.error : `Your code threw an error: ${observation.error}`,
        durationMs: observation.durationMs,
      };
    }
    const parsed = test.observed.safeParse(observation.value);
    if (!parsed.success) {
      return {
        ...base,
        status: 'fail',
        points: 0,
        message: `Your function returned something of an unexpected form: ${firstIssue(parsed.error)}`,
        durationMs: observation.durationMs,
      };
    }
    let verdict;
    try {
      verdict = test.judge(parsed.data, { input, secret, ref: refs.get(test.id) });
    } catch (error) {
      throw new GraderBugError(
        `judge of test "${test.id}" threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return {
      ...base,
      status: verdict.pass ? 'pass' : 'fail',
      points: verdict.pass ? test.points : 0,
      message: verdict.message.slice(0, 2000),
      durationMs: observation.durationMs,
    };
  });
}

function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function scoreResult(
  tests: TestResult[],
  graderVersion: string,
  durationMs: number,
): GradeResult {
  const max = tests.reduce((sum, t) => sum + t.maxPoints, 0);
  const got = tests.reduce((sum, t) => sum + t.points, 0);
  const score = max === 0 ? 0 : Math.round((got / max) * 1e6) / 1e6;
  return {
    version: 1,
    status: score === 1 ? 'pass' : 'fail',
    score,
    tests,
    graderVersion,
    durationMs: Math.round(durationMs),
  };
}

const ERROR_MESSAGES: Record<ErrorVerdict, string> = {
  SYNTAX_ERROR: 'Your code could not be compiled.',
  TIMEOUT: 'Your code ran past the time limit, so it was stopped. Look for a loop that never ends.',
  MEMORY_LIMIT:
    'Your code used more memory than allowed, so it was stopped. Look for tensors or arrays that keep growing.',
  OUTPUT_LIMIT: 'Your code printed too much output, so it was stopped. Remove logging inside loops.',
  GRADER_ERROR: 'The grader itself failed. This is our fault, not yours; it has been logged.',
};

/** "Could not grade": never costs an attempt, never lowers a best score. */
export function errorResult(
  verdict: ErrorVerdict,
  detail: string | undefined,
  graderVersion: string,
  durationMs: number,
  tests: TestResult[] = [],
): GradeResult {
  const message = detail ? `${ERROR_MESSAGES[verdict]} ${detail}` : ERROR_MESSAGES[verdict];
  return {
    version: 1,
    status: 'error',
    verdict,
    score: 0,
    message: message.slice(0, 2000),
    tests,
    graderVersion,
    durationMs: Math.round(durationMs),
  };
}

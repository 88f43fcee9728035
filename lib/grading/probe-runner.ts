import type { Json, LearnerModule, ProbeContext, Probes } from './contract';

// Plain types, no zod: this runs inside the grading child and the browser worker, and the parent
// validates what comes out of them (sandbox/child-events.ts, browser/protocol.ts).
export type ProbeJob = { id: string; probe: string; input: Json };

export type Observation =
  | { id: string; ok: true; value: unknown; durationMs: number }
  | {
      id: string;
      ok: false;
      error: string;
      /** 'contract': the probe found the learner's function breaking its contract (message as is). */
      source: 'learner' | 'contract';
      durationMs: number;
    };

export type ProbeEvent =
  | { type: 'test-start'; id: string }
  | { type: 'test-end'; id: string; ok: boolean; durationMs: number };

/** Marks the learner's file in stack traces, so errors can point at the learner's own line. */
export const LEARNER_FILE = 'exercise.ts';

/**
 * Thrown by a probe (not by learner code) when the learner's function breaks the contract: a
 * missing export, a wrong return type. Its message is shown as is. Matched by name, not
 * instanceof, because the browser loads probes and this runner from separate bundles.
 */
export class ProbeError extends Error {
  override name = 'ProbeError';
}

export function isProbeError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ProbeError';
}

/** Turns anything thrown by learner code into one learner-readable line, with their line number. */
export function describeError(error: unknown, learnerFile = LEARNER_FILE): string {
  if (isProbeError(error)) return (error as Error).message.slice(0, 2000);
  const message =
    error instanceof Error ? `${error.name}: ${error.message}` : `Thrown value: ${String(error)}`;
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frame = stack.split('\n').find((line) => line.includes(learnerFile));
  const lineMatch = frame?.match(/:(\d+):(\d+)\)?\s*$/);
  const where = lineMatch ? ` (line ${lineMatch[1]} of your code)` : '';
  return `${message}${where}`.slice(0, 2000);
}

/**
 * Runs each probe against the learner module, in order. Runs inside the sandbox: it never sees
 * expected values, only inputs. A probe that throws is recorded and the next one still runs.
 */
export async function runProbes(
  learner: LearnerModule,
  probes: Probes,
  jobs: ReadonlyArray<ProbeJob>,
  ctx: ProbeContext,
  onEvent: (event: ProbeEvent) => void = () => {},
  learnerFile = LEARNER_FILE,
): Promise<Observation[]> {
  const observations: Observation[] = [];
  for (const job of jobs) {
    onEvent({ type: 'test-start', id: job.id });
    const started = now();
    const probe = probes[job.probe];
    let observation: Observation;
    try {
      if (!probe) throw new Error(`Grader bug: no probe named "${job.probe}"`);
      // Each probe gets its own copy, so learner code that mutates inputs cannot affect later tests.
      const value = await probe(learner, structuredClone(job.input), ctx);
      observation = { id: job.id, ok: true, value, durationMs: now() - started };
    } catch (error) {
      observation = {
        id: job.id,
        ok: false,
        error: describeError(error, learnerFile),
        source: isProbeError(error) ? 'contract' : 'learner',
        durationMs: now() - started,
      };
    }
    observations.push(observation);
    onEvent({ type: 'test-end', id: job.id, ok: observation.ok, durationMs: observation.durationMs });
  }
  return observations;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

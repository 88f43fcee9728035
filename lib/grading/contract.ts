import type { z } from 'zod';

/** Plain data that crosses a process or worker boundary. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Verdict = { pass: boolean; message: string };

/**
 * What a probe may use. The probe runs inside the sandbox (browser worker or jailed child),
 * next to learner code, so nothing it sees may be secret.
 */
export type ProbeContext = {
  tf: typeof import('@tensorflow/tfjs');
  /** Streams a training metric to the page (plotted live in the browser, ignored on the server). */
  metric: (series: string, step: number, value: number) => void;
  /** Streams a labelled 2-D scatter (e.g. predicted classes on the moons) to the page. */
  scatter: (title: string, points: ReadonlyArray<{ x: number; y: number; label: number }>) => void;
};

export type LearnerModule = Record<string, unknown>;

export type Probe = (learner: LearnerModule, input: Json, ctx: ProbeContext) => Json | Promise<Json>;

export type Probes = Record<string, Probe>;

export type JudgeContext<I, S, O> = {
  input: I;
  secret: S;
  /** The reference solution's observation for the same input. Server-side suites only. */
  ref: O | undefined;
};

/**
 * One graded check. `prepare` and `judge` run on the trusted side; only `input` and the probe
 * (by name) reach the sandbox. `observed` validates whatever the sandbox returned before `judge`
 * sees it: the sandbox is learner-controlled, so its output is untrusted data.
 */
export type GraderTest<I extends Json = Json, S = unknown, O = unknown> = {
  id: string;
  /** Learner-facing: says what the code should do. */
  name: string;
  task: number;
  points: number;
  probe: string;
  timeoutMs?: number;
  /** When true the server runs the reference solution on the same input and passes it as `ref`. */
  needsRef?: boolean;
  prepare: (seed: number) => { input: I; secret: S };
  observed: z.ZodType<O>;
  judge: (observed: O, ctx: JudgeContext<I, S, O>) => Verdict;
};

// The union keeps each test's generics; suites are heterogenous arrays of tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGraderTest = GraderTest<any, any, any>;

export function defineTest<I extends Json, S, O>(test: GraderTest<I, S, O>): GraderTest<I, S, O> {
  return test;
}

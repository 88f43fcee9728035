import type { Observation } from '../probe-runner';
import type { ErrorVerdict } from '../result-schema';

export type SandboxVerdict = Exclude<ErrorVerdict, 'SYNTAX_ERROR'>;

export type SandboxFailure = {
  verdict: SandboxVerdict;
  /** Learner-readable detail appended to the verdict's standard message. */
  detail: string;
  /** The test that was running when the run was stopped, if one was. */
  testId?: string;
  /** Head of the child's stdout/stderr, for the stopped test's feedback. */
  output?: string;
  /** Operator-facing diagnostics (exit code, signal, stderr tail); never shown to learners. */
  log?: string;
};

export type SandboxOutcome = {
  /** Validated observations, in arrival order, only for ids of the job. */
  observations: Observation[];
  /** Captured console output per test id (already capped by the protocol schema). */
  outputs: Record<string, string>;
  failure?: SandboxFailure;
  pid: number | undefined;
  timings: {
    /** From spawn to the child's ready event (tfjs imported, wasm backend up). */
    startupMs: number;
    importMs: number;
    backendMs: number;
    /** From writing the job to the child's exit. */
    runMs: number;
    /** Whether the job was handed to a child that was already ready. */
    warm: boolean;
  };
};

export type RunLimits = {
  /** Whole-job time limit, from when the job is written to the child (charged time: run-tracker.ts). */
  wallMs: number;
  /** Per-test time limits, from the child's test-start event (charged time, likewise). */
  testTimeoutMs?: Readonly<Record<string, number>>;
  /** stdout + stderr + fd 3 together. */
  outputBytes?: number;
};

export const DEFAULT_OUTPUT_BYTES = 1024 * 1024;
/**
 * The result channel (fd 3) carries the probes' observations, which can be large for legitimate
 * reasons (a probe recording every call a learner makes); it has its own, larger cap so printing
 * and data never share one budget.
 */
export const DEFAULT_RESULT_BYTES = 16 * 1024 * 1024;

// V8's own fatal message when --max-old-space-size is exceeded (the process then aborts).
const HEAP_OOM = /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory/;

// Errors learner code sees when RLIMIT_DATA refuses an allocation. "memory access out of
// bounds" is how the tfjs wasm backend fails when its heap cannot grow (malloc returns 0).
const ALLOCATION_FAILED =
  /Array buffer allocation failed|RangeError: [^\n]*allocat|WebAssembly\.Memory|Out of memory|memory access out of bounds|Aborted\(OOM\)/i;

export function isHeapOomLog(stderrTail: string): boolean {
  return HEAP_OOM.test(stderrTail);
}

export function isAllocationFailure(error: string): boolean {
  return ALLOCATION_FAILED.test(error);
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

import type { Observation } from '../probe-runner';
import { isAllocationFailure, isHeapOomLog, seconds, type RunLimits, type SandboxFailure } from './outcome';
import type { ChildEvent } from './child-events';
import { TEST_OUTPUT_CAP, type ChildJob } from './protocol';

/**
 * Bookkeeping for one job in one child: which tests started and finished, their timers, and
 * the first reason to stop. The child is learner-controlled, so every event is checked against
 * the job the parent sent (known ids, one observation each) and anything else is a protocol
 * violation. A forged event can never carry more than learner code could return anyway: the
 * parent judges every value against expectations the child never saw.
 */
export class RunTracker {
  readonly observations: Observation[] = [];
  readonly outputs: Record<string, string> = {};
  private readonly ids: Set<string>;
  private readonly observed = new Set<string>();
  private readonly testTimers = new Map<string, NodeJS.Timeout>();
  private readonly wallTimer: NodeJS.Timeout;
  private current: string | undefined;
  private currentStream = '';
  private failure: SandboxFailure | undefined;
  private fatal: string | undefined;

  constructor(
    job: ChildJob,
    private readonly limits: RunLimits,
    private readonly kill: () => void,
  ) {
    this.ids = new Set(job.jobs.map((j) => j.id));
    this.wallTimer = setTimeout(
      () => this.stop({ verdict: 'TIMEOUT', detail: `The time limit for the whole run is ${seconds(limits.wallMs)}.` }),
      limits.wallMs,
    );
  }

  /** Stops the run for `failure` unless it is already stopping; the first reason wins. */
  stop(failure: SandboxFailure): void {
    if (this.failure) return;
    this.failure = { ...failure, testId: failure.testId ?? this.current };
    this.kill();
  }

  stopTimers(): void {
    clearTimeout(this.wallTimer);
    for (const timer of this.testTimers.values()) clearTimeout(timer);
    this.testTimers.clear();
  }

  /** Raw stdout/stderr text, kept per running test for the feedback of a test that gets stopped. */
  onStreamText(text: string): void {
    if (this.currentStream.length < TEST_OUTPUT_CAP) {
      this.currentStream += text.slice(0, TEST_OUTPUT_CAP - this.currentStream.length);
    }
  }

  onEvent(event: ChildEvent | undefined): void {
    if (this.failure) return;
    if (!event) return this.violation('a malformed message');
    switch (event.type) {
      case 'test-start': {
        if (!this.ids.has(event.id) || this.observed.has(event.id)) return this.violation(`a start for test "${event.id}"`);
        this.current = event.id;
        this.currentStream = '';
        const limitMs = this.limits.testTimeoutMs?.[event.id];
        if (limitMs !== undefined && !this.testTimers.has(event.id)) {
          const timer = setTimeout(
            () => this.stop({ verdict: 'TIMEOUT', detail: `This test has a time limit of ${seconds(limitMs)}.`, testId: event.id }),
            limitMs,
          );
          this.testTimers.set(event.id, timer);
        }
        return;
      }
      case 'observation': {
        if (!this.ids.has(event.id) || this.observed.has(event.id)) return this.violation(`a second result for test "${event.id}"`);
        this.observed.add(event.id);
        clearTimeout(this.testTimers.get(event.id));
        this.testTimers.delete(event.id);
        if (this.current === event.id) this.current = undefined;
        if (event.output) this.outputs[event.id] = event.output;
        this.observations.push(
          event.ok
            ? { id: event.id, ok: true, value: event.value, durationMs: event.durationMs }
            : { id: event.id, ok: false, error: event.error, source: event.source, durationMs: event.durationMs },
        );
        // RLIMIT_DATA surfaces as an exception inside learner code; the learner did not "fail".
        if (!event.ok && isAllocationFailure(event.error)) {
          this.stop({ verdict: 'MEMORY_LIMIT', detail: '', testId: event.id, log: event.error });
        }
        return;
      }
      case 'done':
        // Informational only: completeness is decided from the observations and the exit.
        return;
      case 'fatal':
        this.fatal = event.message;
        return;
      case 'ready':
        return this.violation('a second ready message');
    }
  }

  finish(exit: { code: number | null; signal: NodeJS.Signals | null }, stderrTail: string): SandboxFailure | undefined {
    const log = `exit code ${exit.code}, signal ${exit.signal}; stderr tail: ${stderrTail.slice(-2000)}`;
    // V8's fatal-error report (GC log, native stack) is for operators, not part of the learner's output.
    const printed = this.currentStream.split(/\n?<--- Last few GCs --->|\n?FATAL ERROR:/)[0] ?? '';
    const output = printed.trim().length > 0 ? printed : undefined;
    if (this.failure) {
      const fromStream = this.failure.testId !== undefined && !this.observed.has(this.failure.testId) ? output : undefined;
      return { ...this.failure, ...(fromStream ? { output: fromStream } : {}), log: `${this.failure.log ?? ''} ${log}`.trim() };
    }
    if (this.fatal !== undefined) return { verdict: 'GRADER_ERROR', detail: '', log: `child fatal: ${this.fatal}; ${log}` };
    if (this.observed.size === this.ids.size) return undefined;
    const testId = this.current;
    const withTest = { ...(testId ? { testId } : {}), ...(output ? { output } : {}), log };
    if (isHeapOomLog(stderrTail)) return { verdict: 'MEMORY_LIMIT', detail: '', ...withTest };
    if (exit.signal === 'SIGXCPU') {
      return { verdict: 'TIMEOUT', detail: 'The processor-time limit was reached.', ...withTest };
    }
    return { verdict: 'GRADER_ERROR', detail: '', ...withTest };
  }

  private violation(what: string): void {
    this.stop({ verdict: 'GRADER_ERROR', detail: '', log: `protocol violation: the sandbox sent ${what}` });
  }
}

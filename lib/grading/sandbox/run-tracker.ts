import type { Observation } from '../probe-runner';
import { isAllocationFailure, isHeapOomLog, seconds, type RunLimits, type SandboxFailure } from './outcome';
import type { ChildEvent } from './child-events';
import { TEST_OUTPUT_CAP, type ChildJob } from './protocol';

/** How often the limits are checked (they are in charged time, so no single timer can hold them). */
const TICK_MS = 50;
/** A child starved of CPU for this long past its limit is stopped anyway, in plain wall-clock time. */
export const BACKSTOP_FACTOR = 3;

/**
 * Time limits count the child's time, not the machine's: wall-clock time minus the time the child
 * spent runnable but waiting for a CPU (`runQueueMs`, from /proc/<pid>/schedstat). Grading runs at
 * low priority (decision 011), so on a busy host a correct solution could otherwise be stopped for
 * time it never got. Sleeping or awaiting forever still counts in full, so S2's never-settling
 * promise times out as before; a backstop in plain wall-clock time (BACKSTOP_FACTOR × the limit)
 * bounds how long a starved job can hold its slot.
 */
export type ChildClock = { runQueueMs: () => number };

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
  /** Per-test deadlines, in charged ms since the job started. */
  private readonly testDeadlines = new Map<string, { at: number; limitMs: number }>();
  private readonly ticker: NodeJS.Timeout;
  private readonly backstop: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private readonly queuedAtStart: number;
  /** Highest reading so far: once the child is gone its schedstat reads as 0. */
  private queued: number;
  private current: string | undefined;
  private currentStream = '';
  private failure: SandboxFailure | undefined;
  private fatal: string | undefined;

  constructor(
    job: ChildJob,
    private readonly limits: RunLimits,
    private readonly kill: () => void,
    private readonly clock: ChildClock = { runQueueMs: () => 0 },
  ) {
    this.ids = new Set(job.jobs.map((j) => j.id));
    this.queuedAtStart = this.clock.runQueueMs();
    this.queued = this.queuedAtStart;
    this.ticker = setInterval(() => this.checkLimits(), TICK_MS);
    this.backstop = setTimeout(() => this.stopForWholeRun(), limits.wallMs * BACKSTOP_FACTOR);
  }

  /** Charged ms since the job started: wall time the child was not kept waiting for a CPU. */
  chargedMs(): number {
    this.queued = Math.max(this.queued, this.clock.runQueueMs());
    const waited = this.queued - this.queuedAtStart;
    return Math.max(0, performance.now() - this.startedAt - waited);
  }

  private checkLimits(): void {
    const charged = this.chargedMs();
    if (charged >= this.limits.wallMs) return this.stopForWholeRun();
    for (const [id, deadline] of this.testDeadlines) {
      if (charged >= deadline.at) {
        return this.stop({ verdict: 'TIMEOUT', detail: `This test has a time limit of ${seconds(deadline.limitMs)}.`, testId: id });
      }
    }
  }

  private stopForWholeRun(): void {
    this.stop({ verdict: 'TIMEOUT', detail: `The time limit for the whole run is ${seconds(this.limits.wallMs)}.` });
  }

  /** Stops the run for `failure` unless it is already stopping; the first reason wins. */
  stop(failure: SandboxFailure): void {
    if (this.failure) return;
    this.failure = { ...failure, testId: failure.testId ?? this.current };
    this.kill();
  }

  stopTimers(): void {
    clearInterval(this.ticker);
    clearTimeout(this.backstop);
    this.testDeadlines.clear();
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
        if (limitMs !== undefined && !this.testDeadlines.has(event.id)) {
          this.testDeadlines.set(event.id, { at: this.chargedMs() + limitMs, limitMs });
        }
        return;
      }
      case 'observation': {
        if (!this.ids.has(event.id) || this.observed.has(event.id)) return this.violation(`a second result for test "${event.id}"`);
        this.observed.add(event.id);
        this.testDeadlines.delete(event.id);
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

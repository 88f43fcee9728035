import { errorResult } from '../judge';
import type { ErrorVerdict, GradeResult, TestResult } from '../result-schema';
import { transpileLearnerCode, wrapCommonJs } from '../transpile';
import type { PlannedTest, WorkerMessage } from './protocol';
import { RunnerFrame } from './runner-frame-host';
import { LEARNER_GLOBAL } from './runner-assets';

export type RunEvent =
  | { type: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { type: 'test-start'; id: string }
  /** `ok` is the test's verdict (passed), not merely "did not throw". */
  | { type: 'test-end'; id: string; ok: boolean; durationMs: number }
  | { type: 'metric'; series: string; step: number; value: number }
  | { type: 'scatter'; title: string; points: Array<{ x: number; y: number; label: number }> }
  | { type: 'status'; text: string };

export type RunOptions = {
  exerciseSlug: string;
  code: string;
  seed: number;
  /** Counted from the moment the learner's code is handed over, so loading tfjs does not eat it. */
  timeLimitMs: number;
  /** Default 5 s from each test's start; a test's own `timeoutMs` in the grader wins. */
  perTestTimeoutMs?: number;
  onEvent: (e: RunEvent) => void;
  signal?: AbortSignal;
};

export const BROWSER_GRADER_VERSION = 'browser';
const DEFAULT_PER_TEST_TIMEOUT_MS = 5_000;
const NOT_RUN = 'Not run: an earlier problem stopped the run.';

/**
 * Starts the next runner before it is needed: loading tfjs and the wasm backend is most of a
 * run's latency, and it does not depend on the exercise or the code.
 */
let warm: RunnerFrame | null = null;
let prewarmTimer: number | undefined;

export function prewarmRunner(): void {
  if (typeof window === 'undefined' || (warm && warm.alive)) return;
  const frame = new RunnerFrame();
  warm = frame;
  frame.ready.catch(() => {
    frame.dispose();
    if (warm === frame) warm = null;
  });
}

/** For the workspace's unmount: frees the idle runner (an iframe and a worker with tfjs loaded). */
export function disposeRunner(): void {
  window.clearTimeout(prewarmTimer);
  warm?.dispose();
  warm = null;
}

function takeFrame(): RunnerFrame {
  const frame = warm && warm.alive ? warm : new RunnerFrame();
  warm = null;
  return frame;
}

/**
 * Runs learner code against the exercise's public tests in a sandboxed iframe + worker. Never
 * rejects for anything the learner did: syntax errors, loops that never end and crashes all come
 * back as a GradeResult. The result is a hint for the learner; the server re-grades submissions.
 */
export async function runInBrowser(options: RunOptions): Promise<GradeResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const transpiled = transpileLearnerCode(options.code);
  if (!transpiled.ok) {
    return errorResult('SYNTAX_ERROR', transpiled.message, BROWSER_GRADER_VERSION, elapsed());
  }
  if (options.signal?.aborted) {
    return errorResult('TIMEOUT', 'You stopped the run.', BROWSER_GRADER_VERSION, elapsed());
  }
  const frame = takeFrame();
  try {
    return await drive(frame, options, wrapCommonJs(transpiled.js, LEARNER_GLOBAL), started);
  } finally {
    frame.dispose();
    // Let the page paint the verdict before the next runner starts loading.
    window.clearTimeout(prewarmTimer);
    prewarmTimer = window.setTimeout(prewarmRunner, 300);
  }
}

function drive(frame: RunnerFrame, options: RunOptions, js: string, started: number): Promise<GradeResult> {
  const { onEvent, signal } = options;
  const elapsed = () => performance.now() - started;
  let plan: PlannedTest[] = [];
  const finished = new Map<string, TestResult>();
  let current: PlannedTest | undefined;
  let totalTimer: number | undefined;
  let testTimer: number | undefined;

  return new Promise<GradeResult>((resolve) => {
    let settled = false;
    const settle = (result: GradeResult) => {
      if (settled) return;
      settled = true;
      window.clearTimeout(totalTimer);
      window.clearTimeout(testTimer);
      signal?.removeEventListener('abort', onAbort);
      frame.dispose();
      resolve(result);
    };
    const partial = (stoppedMessage: string): TestResult[] =>
      plan.map((test) => {
        const done = finished.get(test.id);
        if (done) return done;
        const base = { id: test.id, name: test.name, task: test.task, maxPoints: test.points, points: 0 };
        const message = test.id === current?.id ? stoppedMessage : NOT_RUN;
        return { ...base, status: 'error' as const, message };
      });
    const stop = (verdict: ErrorVerdict, detail: string) =>
      settle(errorResult(verdict, detail, BROWSER_GRADER_VERSION, elapsed(), partial(detail)));
    const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    const onAbort = () => stop('TIMEOUT', `You stopped the run after ${seconds(elapsed())}.`);
    signal?.addEventListener('abort', onAbort, { once: true });

    const onMessage = (message: WorkerMessage) => {
      switch (message.type) {
        case 'plan':
          plan = message.tests;
          return;
        case 'test-start': {
          current = plan.find((t) => t.id === message.id);
          onEvent({ type: 'test-start', id: message.id });
          const limit = current?.timeoutMs ?? options.perTestTimeoutMs ?? DEFAULT_PER_TEST_TIMEOUT_MS;
          const name = current?.name ?? message.id;
          window.clearTimeout(testTimer);
          testTimer = window.setTimeout(
            () => stop('TIMEOUT', `Stopped after ${seconds(limit)} in the test "${name}".`),
            limit,
          );
          return;
        }
        case 'test-result':
          window.clearTimeout(testTimer);
          finished.set(message.result.id, message.result);
          onEvent({
            type: 'test-end',
            id: message.result.id,
            ok: message.result.status === 'pass',
            durationMs: message.result.durationMs ?? 0,
          });
          return;
        case 'log':
          onEvent({ type: 'log', level: message.level, text: message.text });
          return;
        case 'status':
          onEvent({ type: 'status', text: message.text });
          return;
        case 'metrics':
          for (const p of message.points) onEvent({ type: 'metric', series: p.series, step: p.step, value: p.value });
          return;
        case 'scatter':
          onEvent({ type: 'scatter', title: message.title, points: message.points });
          return;
        case 'done':
          settle({ ...message.result, graderVersion: BROWSER_GRADER_VERSION, durationMs: Math.round(elapsed()) });
          return;
        case 'fatal':
          stop(message.verdict, message.message);
          return;
        case 'ready':
          return;
      }
    };

    frame.listen(safely(onMessage, (error) => stop('GRADER_ERROR', `The page failed to read a result: ${String(error)}`)));
    onEvent({ type: 'status', text: 'Starting the code runner…' });
    frame.ready.then(
      (ready) => {
        if (settled) return;
        onEvent({ type: 'status', text: `Running on the ${ready.backend} backend…` });
        frame.run(options.exerciseSlug, js, options.seed);
        totalTimer = window.setTimeout(
          () => stop('TIMEOUT', `Stopped after ${seconds(options.timeLimitMs)}, the time limit of this exercise.`),
          options.timeLimitMs,
        );
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        stop('GRADER_ERROR', `The code runner could not start (${reason}).`);
      },
    );
  });
}

/** A throwing onEvent (a UI bug) must end the run with a result, not leave it hanging. */
function safely<T>(fn: (value: T) => void, onError: (error: unknown) => void): (value: T) => void {
  return (value) => {
    try {
      fn(value);
    } catch (error) {
      onError(error);
    }
  };
}

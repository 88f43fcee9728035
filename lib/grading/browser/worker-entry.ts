import * as tf from '@tensorflow/tfjs';
import type { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as zodModule from 'zod';
import type { AnyGraderTest, LearnerModule, ProbeContext, Probes } from '../contract';
import { errorResult, GraderBugError, judgeObservations, prepareTests, scoreResult, toProbeJobs } from '../judge';
import { describeError, runProbes, type Observation } from '../probe-runner';
import type { TestResult } from '../result-schema';
import { ALLOWED_LEARNER_IMPORTS } from '../learner-imports';
import { FrameToWorkerSchema, type WorkerMessage } from './protocol';
import { GRADER_GLOBAL, LEARNER_GLOBAL, WASM_SIMD, ZOD_GLOBAL } from './runner-assets';
import { captureConsole, createPlotStream } from './worker-output';
import { registerMissingWasmKernels } from '../wasm-kernels';

/**
 * Runs inside the runner iframe's blob Worker, after the tfjs and tfjs-backend-wasm UMD scripts.
 * Learner code shares these globals, so nothing here is a boundary: the page's timers and the
 * iframe sandbox are. This file only has to give honest learners a faithful, fast run.
 */

type WorkerScope = {
  postMessage: (message: unknown) => void;
  addEventListener: (type: string, listener: (event: Event) => void) => void;
  importScripts: (...urls: string[]) => void;
  tf: typeof tf & { wasm?: { setWasmPaths: typeof setWasmPaths } };
} & Record<string, unknown>;

const scope = globalThis as unknown as WorkerScope;
const GRADER_VERSION = 'browser';

// Bound before learner code runs, so learner code that reassigns self.postMessage cannot cut the
// channel by accident (on purpose it can: the browser grade is only a hint; the server re-grades).
const postRaw = scope.postMessage.bind(scope);
const post = (message: WorkerMessage): void => postRaw(message);

scope[ZOD_GLOBAL] = zodModule;
const { z } = zodModule;

const GraderBundleSchema = z.object({
  probes: z.record(z.string(), z.custom<Probes[string]>((v) => typeof v === 'function')),
  tests: z.array(
    z.custom<AnyGraderTest>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as AnyGraderTest).id === 'string' &&
        typeof (v as AnyGraderTest).prepare === 'function' &&
        typeof (v as AnyGraderTest).judge === 'function',
    ),
  ),
});

let phase: 'boot' | 'ready' | 'running' = 'boot';

scope.addEventListener('message', (event) => {
  const parsed = FrameToWorkerSchema.safeParse((event as MessageEvent).data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'init' && phase === 'boot') {
    void initBackend(message.wasmPaths);
  } else if (message.type === 'run' && phase === 'ready') {
    phase = 'running';
    void run(message.graderUrl, message.js, message.seed).catch((error: unknown) => {
      post({ type: 'fatal', verdict: 'GRADER_ERROR', message: `Runner failed: ${String(error)}`.slice(0, 2000) });
    });
  }
});

async function initBackend(wasmPaths: Record<string, string>): Promise<void> {
  const started = performance.now();
  try {
    if (!scope.tf.wasm) throw new Error('the wasm backend script did not load');
    // Chromium reports wasm threads even without cross-origin isolation, but the threaded build
    // needs SharedArrayBuffer and URL-loaded pthread workers, neither of which this frame has.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    registerMissingWasmKernels(tf as unknown as Parameters<typeof registerMissingWasmKernels>[0]);
    // setWasmPaths insists on an entry for every build; the threaded one is never picked now.
    scope.tf.wasm.setWasmPaths({ 'tfjs-backend-wasm-threaded-simd.wasm': wasmPaths[WASM_SIMD] ?? '', ...wasmPaths });
    if (!(await tf.setBackend('wasm'))) throw new Error('initialisation failed');
  } catch (error) {
    post({
      type: 'log',
      level: 'warn',
      text: `WebAssembly backend unavailable (${String(error)}); using the slower cpu backend.`,
    });
    await tf.setBackend('cpu');
  }
  await tf.ready();
  phase = 'ready';
  post({ type: 'ready', backend: tf.getBackend(), loadMs: performance.now() - started });
}

async function run(graderUrl: string, js: string, seed: number): Promise<void> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;

  let probes: Probes;
  let tests: AnyGraderTest[];
  try {
    scope.importScripts(graderUrl);
    ({ probes, tests } = GraderBundleSchema.parse(scope[GRADER_GLOBAL]));
  } catch (error) {
    post({ type: 'fatal', verdict: 'GRADER_ERROR', message: `Could not load the tests: ${String(error)}`.slice(0, 2000) });
    return;
  }

  let prepared;
  try {
    prepared = prepareTests(tests, seed);
  } catch (error) {
    post({ type: 'done', result: errorResult('GRADER_ERROR', `prepare failed: ${String(error)}`, GRADER_VERSION, elapsed()) });
    return;
  }
  post({
    type: 'plan',
    tests: prepared.map(({ test }) => ({
      id: test.id,
      name: test.name,
      task: test.task,
      points: test.points,
      ...(test.timeoutMs ? { timeoutMs: test.timeoutMs } : {}),
    })),
  });

  captureConsole(post);
  const plots = createPlotStream(post, (text) => post({ type: 'log', level: 'warn', text }));
  logAsyncErrors();

  const loaded = loadLearner(js);
  if (loaded.kind === 'syntax') {
    post({ type: 'done', result: errorResult('SYNTAX_ERROR', loaded.message, GRADER_VERSION, elapsed()) });
    return;
  }

  const ctx: ProbeContext = { tf: scope.tf, metric: plots.metric, scatter: plots.scatter };
  const results: TestResult[] = [];
  const jobs = toProbeJobs(prepared);
  for (let i = 0; i < prepared.length; i++) {
    const item = prepared[i]!;
    const job = jobs[i]!;
    post({ type: 'status', text: `Running: ${item.test.name}`.slice(0, 2000) });
    let observation: Observation;
    if (loaded.kind === 'threw') {
      post({ type: 'test-start', id: job.id });
      observation = { id: job.id, ok: false, error: loaded.message, source: 'learner', durationMs: 0 };
    } else {
      const [single] = await runProbes(loaded.module, probes, [job], ctx, (event) => {
        if (event.type === 'test-start') post({ type: 'test-start', id: event.id });
      }, loaded.file);
      observation = single!;
    }
    plots.flush();
    try {
      const [result] = judgeObservations([item], [observation]);
      results.push(result!);
      post({ type: 'test-result', result: result! });
    } catch (error) {
      const detail = error instanceof GraderBugError ? error.message : String(error);
      post({ type: 'done', result: errorResult('GRADER_ERROR', detail, GRADER_VERSION, elapsed(), results) });
      return;
    }
  }
  post({ type: 'done', result: scoreResult(results, GRADER_VERSION, elapsed()) });
}

type Loaded =
  | { kind: 'ok'; module: LearnerModule; file: string }
  | { kind: 'threw'; message: string }
  | { kind: 'syntax'; message: string };

function loadLearner(js: string): Loaded {
  // A blob script, not eval: the CSP needs no 'unsafe-eval', and stack frames carry the blob URL,
  // which describeError turns into "line N of your code" (the wrapper keeps line numbers).
  const file = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
  try {
    scope.importScripts(file);
  } catch (error) {
    // Sucrase accepted it, but V8 did not (e.g. a duplicate `let`): still a compile error. V8
    // gives no position here, so the message (which names the identifier) has to do.
    const message = describeError(error, file).replace(/Failed to execute 'importScripts' on '\w+': /, '');
    return { kind: 'syntax', message };
  }
  const factory = scope[LEARNER_GLOBAL];
  delete scope[LEARNER_GLOBAL];
  if (typeof factory !== 'function') {
    return { kind: 'syntax', message: 'Your file did not load as a module.' };
  }
  const module = { exports: {} as LearnerModule };
  const requireShim = (name: string): unknown => {
    if ((ALLOWED_LEARNER_IMPORTS as ReadonlyArray<string>).includes(name)) return scope.tf;
    throw new Error(`Only ${ALLOWED_LEARNER_IMPORTS.join(', ')} can be imported here, not "${name}".`);
  };
  try {
    factory(module.exports, requireShim, module);
  } catch (error) {
    return { kind: 'threw', message: `${describeError(error, file)}, while your file was loading` };
  }
  return { kind: 'ok', module: module.exports, file };
}

/** Errors from learner timers or promises nobody awaited: shown as output, never fatal. */
function logAsyncErrors(): void {
  scope.addEventListener('error', (event) => {
    const e = event as ErrorEvent;
    console.error(`Uncaught ${e.message}`);
    e.preventDefault();
  });
  scope.addEventListener('unhandledrejection', (event) => {
    const e = event as PromiseRejectionEvent;
    console.error(`Unhandled promise rejection: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`);
    e.preventDefault();
  });
}

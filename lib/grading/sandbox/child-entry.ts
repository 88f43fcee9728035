/**
 * Entry of the jailed grading child (bundled to .cache/sandbox/child.cjs, tfjs left external).
 * It imports tfjs before any job exists, so a warm pool can hide that cost, then runs ONE job and
 * exits. Everything here is hygiene: learner code shares this process, so the parent trusts none
 * of what comes out of it. Results go to fd 3 as one JSON line per event, which leaves stdout and
 * stderr to the learner and lets the parent keep partial results if it has to kill the child.
 */
import fs from 'node:fs';
import { format } from 'node:util';
import vm from 'node:vm';
import type { LearnerModule, ProbeContext, Probes } from '../contract';
import { loadLearnerModuleInNode } from '../load-module-node';
import { describeError, runProbes } from '../probe-runner';
import { ALLOWED_LEARNER_IMPORTS } from '../learner-imports';
import type { ChildEvent } from './child-events';
import { checkChildJob, MAX_JOB_BYTES, TEST_OUTPUT_CAP } from './protocol';
import { registerMissingWasmKernels } from '../wasm-kernels';
import { loadLeanTfjs } from './tfjs-lean';

const RESULT_FD = 3;
// Saved before learner code can replace them.
const realExit: (code?: number) => never = process.exit.bind(process);
const realStderrWrite = (text: string): void => writeAll(2, Buffer.from(text));
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Blocking write of the whole buffer: the parent reads as fast as it can, so EAGAIN is transient. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') realExit(70);
    }
  }
}

function emit(event: ChildEvent): void {
  writeAll(RESULT_FD, Buffer.from(`${JSON.stringify(event)}\n`));
}

/**
 * Node queues writes to a full stdout/stderr pipe in memory, so a print loop that never yields
 * would end as a heap overflow instead of reaching the parent's output cap. Writing synchronously
 * makes a flood block on the pipe, where the parent counts it and stops it (OUTPUT_LIMIT).
 */
function makeStdioSynchronous(): void {
  for (const [stream, fd] of [[process.stdout, 1], [process.stderr, 2]] as const) {
    const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const cb = typeof encoding === 'function' ? encoding : callback;
      const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
      writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, enc) : Buffer.from(chunk as Uint8Array));
      if (typeof cb === 'function') process.nextTick(cb as () => void);
      return true;
    };
    Object.defineProperty(stream, 'write', { value: write, configurable: true, writable: true });
  }
}

function fatal(message: string): never {
  emit({ type: 'fatal', message: message.slice(0, 2000) });
  realExit(1);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JOB_BYTES) reject(new Error('job larger than the limit'));
      else chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/**
 * Console output is kept per test (capped) for the learner's feedback, and also forwarded to
 * stderr so the parent's byte counter sees a flood and can stop it (OUTPUT_LIMIT).
 */
function captureConsole(): { take: () => string | undefined } {
  let buffer = '';
  let truncated = false;
  const append = (text: string): void => {
    realStderrWrite(text);
    if (buffer.length + text.length <= TEST_OUTPUT_CAP) buffer += text;
    else {
      buffer += text.slice(0, Math.max(0, TEST_OUTPUT_CAP - buffer.length));
      truncated = true;
    }
  };
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => append(`${format(...args)}\n`);
  }
  // Async learner code can throw after its test ended; report it instead of crashing the run.
  process.on('uncaughtException', (error) => append(`Uncaught: ${describeError(error)}\n`));
  process.on('unhandledRejection', (error) => append(`Unhandled rejection: ${describeError(error)}\n`));
  return {
    take() {
      const out = truncated ? `${buffer}\n…(output truncated)` : buffer;
      buffer = '';
      truncated = false;
      return out.length > 0 ? out : undefined;
    },
  };
}

/** Learner code calling these would end the run without a result; make it a learner error. */
function blockProcessExits(): void {
  const refuse = (name: string) => () => {
    throw new Error(`process.${name}() is not allowed in exercise code`);
  };
  Object.defineProperty(process, 'exit', { value: refuse('exit'), configurable: true });
  Object.defineProperty(process, 'abort', { value: refuse('abort'), configurable: true });
}

function loadProbes(probesJs: string, tf: unknown): Probes {
  const wrapper = `(function (exports, require, module) {${probesJs}\n})`;
  const fn = new vm.Script(wrapper, { filename: 'probes.js' }).runInThisContext() as (
    exports: Record<string, unknown>,
    require: (name: string) => unknown,
    module: { exports: Record<string, unknown> },
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  // Only tfjs is left out of the probes bundle (grader-registry.server.ts); anything else it needs
  // travels inside it.
  const requireShim = (name: string): unknown => {
    if ((ALLOWED_LEARNER_IMPORTS as ReadonlyArray<string>).includes(name)) return tf;
    throw new Error(`probes bundle requires "${name}", which the sandbox does not provide`);
  };
  fn(module.exports, requireShim, module);
  const probes = module.exports.probes;
  if (typeof probes !== 'object' || probes === null) throw new Error('probes.ts must export `probes`');
  return probes as Probes;
}

function serializable(value: unknown): { ok: true } | { ok: false; error: string } {
  try {
    JSON.stringify(value);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `Grader bug: probe result cannot be sent: ${describeError(error)}` };
  }
}

async function main(): Promise<void> {
  // tfjs prints a Node.js advice banner on import; keep it out of the learner-visible streams.
  const quiet = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const [m] of quiet) console[m] = () => {};
  const t0 = performance.now();
  // tfjs-core and tfjs's gradients now, the rest of the namespace on first use (tfjs-lean.ts): the import is paid per job.
  const tf = loadLeanTfjs(require) as unknown as typeof import('@tensorflow/tfjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  registerMissingWasmKernels(tf as unknown as Parameters<typeof registerMissingWasmKernels>[0]);
  const t1 = performance.now();
  await tf.setBackend('wasm');
  await tf.ready();
  const t2 = performance.now();
  for (const [m, fn] of quiet) console[m] = fn;
  emit({ type: 'ready', importMs: t1 - t0, backendMs: t2 - t1, backend: tf.getBackend() });

  let raw: string;
  try {
    raw = await readStdin();
  } catch (error) {
    fatal(`could not read the job: ${describeError(error)}`);
  }
  // A spare retired by the pool (or orphaned by a dead parent) sees stdin close with no job.
  if (raw.length === 0) realExit(0);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fatal('job is not valid JSON');
  }
  const checked = checkChildJob(json);
  if (!checked.ok) fatal(`job does not match the protocol: ${checked.error}`);
  const job = checked.job;

  let probes: Probes;
  try {
    probes = loadProbes(job.probesJs, tf);
  } catch (error) {
    fatal(`probes bundle failed to load: ${describeError(error, 'probes.js')}`);
  }

  makeStdioSynchronous();
  const output = captureConsole();
  blockProcessExits();
  let learner: LearnerModule = {};
  let loadError: string | undefined;
  try {
    learner = loadLearnerModuleInNode(job.code, tf);
  } catch (error) {
    loadError = `${describeError(error)} (while loading your file)`;
  }

  // Without this, learner code awaiting a promise that never settles would empty the event loop
  // and end the process quietly; held open, it runs into the parent's timer like in the browser.
  setInterval(() => {}, 1 << 30);
  const ctx: ProbeContext = { tf, metric: () => {}, scatter: () => {} };
  for (const probeJob of job.jobs) {
    if (loadError !== undefined) {
      emit({ type: 'test-start', id: probeJob.id });
      emit({ type: 'observation', id: probeJob.id, ok: false, error: loadError, source: 'learner', durationMs: 0, output: output.take() });
      continue;
    }
    // One job at a time so each observation leaves the process as soon as it exists.
    const [observation] = await runProbes(learner, probes, [probeJob], ctx, (event) => {
      if (event.type === 'test-start') emit({ type: 'test-start', id: event.id });
    });
    if (!observation) fatal('runProbes returned no observation');
    const out = output.take();
    const check = observation.ok ? serializable(observation.value) : undefined;
    const { id, durationMs } = observation;
    if (!observation.ok) {
      emit({ type: 'observation', id, ok: false, error: observation.error, source: observation.source, durationMs, output: out });
    } else if (check?.ok === false) {
      emit({ type: 'observation', id, ok: false, error: check.error, source: 'learner', durationMs, output: out });
    } else {
      emit({ type: 'observation', id, ok: true, value: observation.value, durationMs, output: out });
    }
  }
  emit({ type: 'done' });
  // Learner timers (setInterval and friends) must not keep the process alive.
  realExit(0);
}

main().catch((error: unknown) => fatal(`child crashed: ${describeError(error)}`));

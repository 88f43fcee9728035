import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ensureChildBundle } from './build-child';
import {
  buildJailCommand,
  DEFAULT_JAIL_LIMITS,
  detectJailMode,
  shouldDropPrivileges,
  type JailLimits,
  type JailMode,
} from './jail-mode';
import { DEFAULT_OUTPUT_BYTES, DEFAULT_RESULT_BYTES, type RunLimits, type SandboxFailure, type SandboxOutcome } from './outcome';
import { RunTracker } from './run-tracker';
import { parseChildEvent } from './child-events';
import { serializeChildJob, type ChildJob } from './protocol';

export type SpawnOptions = {
  appRoot: string;
  limits?: Partial<JailLimits>;
  /** How long tfjs import + wasm init may take before the child counts as broken. */
  startupTimeoutMs?: number;
  /** Overrides detection (tests of the insecure path); normally detected once per process. */
  mode?: JailMode;
};

type ReadyInfo = { importMs: number; backendMs: number; backend: string };

let swept = false;

/**
 * Children of a parent that died (or exited without waiting) leave their empty cwd behind.
 * Once per process, remove such folders older than an hour; rmdir only ever removes empty ones.
 */
function sweepStaleWorkDirs(): void {
  if (swept) return;
  swept = true;
  const cutoff = Date.now() - 3600_000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(WORK_DIR_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      if (fs.statSync(dir).mtimeMs < cutoff) fs.rmdirSync(dir);
    } catch {
      // In use, not empty, or already gone.
    }
  }
}

const WORK_DIR_PREFIX = 'grader-';

export async function spawnJailedChild(options: SpawnOptions): Promise<JailedChild> {
  const mode = options.mode ?? detectJailMode();
  sweepStaleWorkDirs();
  const childFile = await ensureChildBundle(options.appRoot);
  const limits = { ...DEFAULT_JAIL_LIMITS, ...options.limits };
  const command = buildJailCommand(mode, options.appRoot, childFile, limits, shouldDropPrivileges(limits, options.appRoot));
  const child = new JailedChild(mode, command, options.startupTimeoutMs ?? 20_000);
  if (child.pid !== undefined) lowerAutogroupPriority(child.pid, limits.niceness);
  return child;
}

/**
 * Time the process's main thread (where learner code runs) has spent runnable but waiting for a
 * CPU, from /proc/<pid>/schedstat (its second field, in ns). 0 where the file is missing.
 */
export function readRunQueueMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ');
    const ns = Number(fields[1]);
    return Number.isFinite(ns) ? ns / 1e6 : 0;
  } catch {
    return 0;
  }
}

/**
 * `nice` alone does not make a grading child yield to the web tier on Linux with autogroup
 * scheduling (the default on desktop and many server kernels): the child is detached, so it runs in
 * a session and hence an autogroup of its own, and CPU is shared fairly between autogroups whatever
 * the nice values inside them. Each busy child then took as much CPU as the whole web app (load
 * benchmark, docs/benchmarks.md, 2026-12-08). Giving the child's autogroup the same nice value
 * restores the intent. Kernels without autogroup have no such file, and plain nice already works.
 */
export function lowerAutogroupPriority(pid: number, niceness: number): void {
  if (niceness <= 0) return;
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(niceness));
  } catch {
    // No autogroup support, or the child is already gone.
  }
}

/**
 * One single-use jailed node process. It starts importing tfjs at once; `run` hands it its only
 * job, enforces the wall-clock, per-test and output limits by killing the whole process group,
 * and turns whatever happened into a SandboxOutcome. Nothing the child sends is trusted.
 */
export class JailedChild {
  readonly ready: Promise<ReadyInfo>;
  readonly pid: number | undefined;
  private readonly proc: ChildProcess;
  private readonly cwd: string;
  private readonly spawnedAt = performance.now();
  private readyAt: number | undefined;
  private readyInfo: ReadyInfo | undefined;
  private settleReady: { resolve: (r: ReadyInfo) => void; reject: (e: Error) => void } | undefined;
  private tracker: RunTracker | undefined;
  private used = false;
  private exited = false;
  private bytes = 0;
  private resultBytes = 0;
  private outputCap = DEFAULT_OUTPUT_BYTES;
  private stderrTail = '';
  private lineBuffer = '';
  private readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly mode: JailMode, command: { command: string; args: string[] }, startupTimeoutMs: number) {
    // Fresh and empty for every child; removed when it exits (S12: no state crosses jobs).
    this.cwd = fs.mkdtempSync(path.join(os.tmpdir(), WORK_DIR_PREFIX));
    this.proc = spawn(command.command, command.args, {
      // Nothing from the app's environment (DATABASE_URL, auth secrets) reaches learner code.
      env: {} as NodeJS.ProcessEnv,
      cwd: this.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.pid = this.proc.pid;
    // An idle spare must not keep the app (or a CLI) alive; during a job the wall-clock timer
    // does. If the parent dies, the spare's stdin closes and it exits on its own.
    this.proc.unref();
    for (const stream of this.proc.stdio) (stream as { unref?: () => void } | null)?.unref?.();
    this.ready = new Promise<ReadyInfo>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.ready.catch(() => {}); // Spares may fail unobserved; run() reports it if one is used.
    const startupTimer = setTimeout(() => this.failStartup(`did not start within ${startupTimeoutMs} ms`), startupTimeoutMs);
    this.ready.then(() => clearTimeout(startupTimer), () => clearTimeout(startupTimer));

    this.proc.stdin?.on('error', () => {}); // EPIPE when the child is already gone.
    this.proc.stdout?.on('data', (chunk: Buffer) => this.onStream(chunk, false));
    this.proc.stderr?.on('data', (chunk: Buffer) => this.onStream(chunk, true));
    (this.proc.stdio[3] as Readable).on('data', (chunk: Buffer) => this.onResultChunk(chunk));
    this.closed = new Promise((resolve) => {
      let settled = false;
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (settled) return;
        settled = true;
        this.exited = true;
        clearTimeout(startupTimer);
        fs.rm(this.cwd, { recursive: true, force: true }, () => {});
        resolve({ code, signal });
      };
      this.proc.on('error', (error) => {
        this.failStartup(`could not spawn: ${error.message}`);
        done(null, null);
      });
      this.proc.on('exit', (code, signal) => {
        this.failStartup(`exited before it was ready (code ${code}, signal ${signal})`);
        // 'close' waits for every pipe; a stray holder must not hang the grade forever.
        setTimeout(() => done(code, signal), 2000).unref();
      });
      this.proc.on('close', (code, signal) => done(code, signal));
    });
  }

  get isReady(): boolean {
    return this.readyInfo !== undefined && !this.exited && !this.used;
  }

  get isAlive(): boolean {
    return !this.exited && !this.used;
  }

  /** SIGKILL to the whole process group: the child and anything it managed to start. */
  kill(): void {
    if (this.pid === undefined || this.exited) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    // Now, not on 'close': a pool closed at shutdown may not live to see that event.
    fs.rmSync(this.cwd, { recursive: true, force: true });
  }

  async run(job: ChildJob, limits: RunLimits): Promise<SandboxOutcome> {
    if (this.used) throw new Error('a sandbox child is single-use');
    this.used = true;
    const warm = this.readyInfo !== undefined;
    const base = (failure: SandboxFailure | undefined, runMs: number, tracker?: RunTracker): SandboxOutcome => ({
      observations: tracker?.observations ?? [],
      outputs: tracker?.outputs ?? {},
      ...(failure ? { failure } : {}),
      pid: this.pid,
      timings: {
        startupMs: (this.readyAt ?? performance.now()) - this.spawnedAt,
        importMs: this.readyInfo?.importMs ?? 0,
        backendMs: this.readyInfo?.backendMs ?? 0,
        runMs,
        warm,
      },
    });
    try {
      await this.ready;
    } catch (error) {
      this.kill();
      const message = error instanceof Error ? error.message : String(error);
      return base({ verdict: 'GRADER_ERROR', detail: '', log: `sandbox ${message}; stderr: ${this.stderrTail}` }, 0);
    }
    if (this.mode === 'insecure') {
      console.warn('[grader] INSECURE: grading WITHOUT a network namespace (GRADER_INSECURE_NO_NETNS=1); learner code can reach the network. Never do this in production.');
    }
    this.outputCap = limits.outputBytes ?? DEFAULT_OUTPUT_BYTES;
    const pid = this.pid;
    const tracker = new RunTracker(job, limits, () => this.kill(), { runQueueMs: () => (pid === undefined ? 0 : readRunQueueMs(pid)) });
    this.tracker = tracker;
    // From here until the child is gone the app must stay alive to collect the result.
    this.proc.ref();
    for (const stream of this.proc.stdio) (stream as { ref?: () => void } | null)?.ref?.();
    const started = performance.now();
    this.proc.stdin?.end(serializeChildJob(job));
    const exit = await this.closed;
    tracker.stopTimers();
    const runMs = performance.now() - started;
    return base(tracker.finish(exit, this.stderrTail), runMs, tracker);
  }

  private failStartup(reason: string): void {
    if (!this.settleReady || this.readyInfo) return;
    this.settleReady.reject(new Error(reason));
    this.settleReady = undefined;
    this.kill();
  }

  private onStream(chunk: Buffer, isStderr: boolean): void {
    this.count(chunk.length);
    const text = chunk.toString('utf8');
    this.tracker?.onStreamText(text);
    if (isStderr) this.stderrTail = (this.stderrTail + text).slice(-8192);
  }

  private onResultChunk(chunk: Buffer): void {
    this.resultBytes += chunk.length;
    if (this.resultBytes > DEFAULT_RESULT_BYTES) {
      const detail = `The tests' observations of your code exceeded ${DEFAULT_RESULT_BYTES / 1024 / 1024} MB.`;
      if (this.tracker) this.tracker.stop({ verdict: 'OUTPUT_LIMIT', detail });
      else this.kill();
    }
    this.lineBuffer += chunk.toString('utf8');
    let newline = this.lineBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.lineBuffer.slice(0, newline);
      this.lineBuffer = this.lineBuffer.slice(newline + 1);
      this.onLine(line);
      newline = this.lineBuffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    const event = parseChildEvent(line);
    if (this.tracker) {
      this.tracker.onEvent(event);
      return;
    }
    if (event?.type === 'ready' && this.settleReady) {
      this.readyAt = performance.now();
      this.readyInfo = { importMs: event.importMs, backendMs: event.backendMs, backend: event.backend };
      this.settleReady.resolve(this.readyInfo);
      this.settleReady = undefined;
      return;
    }
    // Before a job only trusted code has run, so anything else means a broken child.
    this.failStartup(`sent an unexpected message before its job: ${line.slice(0, 200)}`);
    this.kill();
  }

  private count(n: number): void {
    this.bytes += n;
    if (this.bytes > this.outputCap) {
      if (this.tracker) this.tracker.stop({ verdict: 'OUTPUT_LIMIT', detail: `The limit is ${Math.round(this.outputCap / 1024)} KB of output.` });
      else this.kill();
    }
  }
}

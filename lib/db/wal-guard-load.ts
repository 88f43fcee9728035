import { fork, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * The D6 "WAL growth" load, shared by lib/db/wal-guard.test.ts and scripts/bench-wal.ts: a steady
 * writer plus long, overlapping read transactions on one SQLite file, each in its own process
 * (lib/db/wal-guard-load-child.mjs). Not in this process: the guard's checkpoint runs synchronously
 * here and waits for old readers to finish, which readers driven by this process's timers never
 * could, and the child's comment says why not worker threads either.
 */
export type WalLoadOptions = {
  dbPath: string;
  seconds: number;
  writesPerSecond: number;
  /** Random bytes per row (4096 spills into an overflow page: ~3 WAL frames per commit). */
  payloadBytes: number;
  /** Reader connections in the reader process, each holding a read transaction for holdMs. */
  readerConnections: number;
  holdMs: number;
  readEveryMs?: number;
  /** Called with the -wal size every sampleEveryMs (read here; acked and the peak from the writer). */
  onSample?: (sample: WalSample) => void;
  sampleEveryMs?: number;
};

export type WalSample = { atMs: number; walBytes: number; acked: number; maxWalBytes: number };
export type Latency = { count: number; p50: number; p95: number; p99: number; max: number };

export type WalLoadResult = {
  /** How long the writer ran. */
  seconds: number;
  /** Writes whose commit returned: each must be in the database afterwards. */
  acked: number;
  failed: number;
  writesPerSecond: number;
  /** The largest -wal file seen by the writer right after any of its commits. */
  maxWalBytes: number;
  writeMs: Latency;
  readMs: Latency;
  readErrors: number;
  lastError?: string;
};

type WriterResult = { acked: number; failed: number; seconds: number; maxWalBytes: number; writeMs: number[]; lastError?: string };
type ReaderResult = { readMs: number[]; errors: number; lastError?: string };
type ChildMessage<T> = { ready?: true; progress?: { acked: number; maxWalBytes: number }; result?: T };

export function latency(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

type Child<T> = { process: ChildProcess; ready: Promise<void>; result: Promise<T> };

function startChild<T>(role: 'writer' | 'reader', options: object, onProgress?: (p: { acked: number; maxWalBytes: number }) => void): Child<T> {
  const script = fileURLToPath(new URL('./wal-guard-load-child.mjs', import.meta.url));
  // execArgv: [] so the child is plain node, without the parent's TypeScript loader or inspector
  const child = fork(script, [JSON.stringify({ role, ...options })], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const result = new Promise<T>((resolve, reject) => {
    child.on('message', (message: ChildMessage<T>) => {
      if (message.ready) markReady();
      if (message.progress) onProgress?.(message.progress);
      if (message.result) resolve(message.result);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`wal load ${role} exited with ${code} before reporting`)));
  });
  // callers await it; this only keeps a child killed after another failed from an unhandled rejection
  result.catch(() => undefined);
  return { process: child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}

export async function runWalLoad(options: WalLoadOptions): Promise<WalLoadResult> {
  const { dbPath, seconds, sampleEveryMs = 1000 } = options;
  const progress = { acked: 0, maxWalBytes: 0 };
  const common = { dbPath, progressEveryMs: Math.min(sampleEveryMs, 1000) };
  const reader = startChild<ReaderResult>('reader', {
    ...common,
    connections: options.readerConnections,
    holdMs: options.holdMs,
    readEveryMs: options.readEveryMs ?? 10,
  });
  const children: Array<Child<unknown>> = [reader];
  try {
    await reader.ready;
    const started = performance.now();
    const writer = startChild<WriterResult>(
      'writer',
      { ...common, writesPerSecond: options.writesPerSecond, payloadBytes: options.payloadBytes },
      (p) => Object.assign(progress, p),
    );
    children.push(writer);
    const sampler = setInterval(() => {
      const walBytes = statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      options.onSample?.({ atMs: performance.now() - started, walBytes, ...progress });
    }, sampleEveryMs);
    try {
      await Promise.race([delay(seconds * 1000), writer.result, reader.result]);
    } finally {
      clearInterval(sampler);
      for (const child of children) if (child.process.connected) child.process.send('stop');
    }
    const [w, r] = await Promise.all([writer.result, reader.result]);
    return {
      seconds: w.seconds,
      acked: w.acked,
      failed: w.failed,
      writesPerSecond: w.acked / w.seconds,
      maxWalBytes: w.maxWalBytes,
      writeMs: latency(w.writeMs),
      readMs: latency(r.readMs),
      readErrors: r.errors,
      lastError: w.lastError ?? r.lastError,
    };
  } catch (error) {
    for (const child of children) child.process.kill();
    throw error;
  }
}

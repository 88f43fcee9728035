/**
 * D6 "WAL growth": a steady writer plus long, overlapping readers on a fresh SQLite file for a
 * while, with the app's own client (lib/db/client.ts) and its WAL guard. Prints the -wal size every
 * few seconds, each checkpoint the guard ran, and at the end the largest WAL, writes/s, write and
 * read latency, and an integrity check against the acknowledged writes.
 *
 *   npm run bench:wal [-- --seconds 600 --threshold-mb 64 --interval-ms 5000 --writes-per-second 200
 *                         --payload-bytes 4096 --readers 2 --hold-ms 1000 --sample-seconds 10 --no-guard]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '@/lib/db/client';
import { WAL_GUARD_DEFAULTS } from '@/lib/db/wal-guard';
import { latency, runWalLoad, type Latency } from '@/lib/db/wal-guard-load';
import { setLogSink } from '@/lib/log';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const MiB = 1024 * 1024;
const SECONDS = Number(option('seconds', '600'));
const THRESHOLD_MB = Number(option('threshold-mb', String(WAL_GUARD_DEFAULTS.thresholdBytes / MiB)));
const INTERVAL_MS = Number(option('interval-ms', String(WAL_GUARD_DEFAULTS.intervalMs)));
const WRITES_PER_SECOND = Number(option('writes-per-second', '200'));
const PAYLOAD_BYTES = Number(option('payload-bytes', '4096'));
const READERS = Number(option('readers', '2'));
const HOLD_MS = Number(option('hold-ms', '1000'));
const SAMPLE_SECONDS = Number(option('sample-seconds', '10'));
const GUARD = !process.argv.includes('--no-guard');

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const spread = (l: Latency) => `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (n=${l.count})`;

type Checkpoint = { busy: number; walBytesBefore: number; walBytesAfter: number; durationMs: number; attempts: number };

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hml-bench-wal-'));
  const dbPath = path.join(dir, 'bench.db');
  const checkpoints: Checkpoint[] = [];
  let started = performance.now();
  const restore = setLogSink((line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry.msg !== 'db: wal checkpoint') return console.error(line);
    const c = entry as unknown as Checkpoint;
    checkpoints.push(c);
    const at = ((performance.now() - started) / 1000).toFixed(0);
    const tries = c.attempts > 1 ? ` (attempt ${c.attempts}: the checkpoint lock was taken)` : '';
    console.log(`  t=${at}s checkpoint busy=${c.busy} ${mib(c.walBytesBefore)} → ${mib(c.walBytesAfter)} in ${c.durationMs} ms${tries}`);
  });
  const walGuard = GUARD ? { thresholdBytes: THRESHOLD_MB * MiB, intervalMs: INTERVAL_MS } : false;
  const db = await createDb(`file:${dbPath}`, { walGuard });
  try {
    console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}`);
    console.log(
      `${SECONDS} s; guard ${GUARD ? `on (threshold ${THRESHOLD_MB} MiB, every ${INTERVAL_MS} ms, TRUNCATE)` : 'OFF'}; ` +
        `writer ${WRITES_PER_SECOND}/s × ${PAYLOAD_BYTES} B; ${READERS} reader connections each holding ${HOLD_MS} ms, staggered`,
    );
    started = performance.now();
    const result = await runWalLoad({
      dbPath,
      seconds: SECONDS,
      writesPerSecond: WRITES_PER_SECOND,
      payloadBytes: PAYLOAD_BYTES,
      readerConnections: READERS,
      holdMs: HOLD_MS,
      sampleEveryMs: SAMPLE_SECONDS * 1000,
      onSample: (s) =>
        console.log(`t=${(s.atMs / 1000).toFixed(0)}s wal ${mib(s.walBytes)} (max so far ${mib(s.maxWalBytes)}), ${s.acked} writes`),
    });
    // through the app's own connection: a second SQLite copy in this process would not share its locks
    const [check] = await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check');
    const [count] = await db.$queryRawUnsafe<Array<{ n: bigint }>>('SELECT count(*) AS n FROM wal_load');
    const rows = Number(count!.n);
    const ok = checkpoints.filter((c) => c.busy === 0);

    console.log('\nSummary');
    console.log(`- max -wal size (after any commit): ${mib(result.maxWalBytes)}${GUARD ? ` (threshold ${THRESHOLD_MB} MiB)` : ''}`);
    const retried = checkpoints.filter((c) => c.attempts > 1).length;
    console.log(`- checkpoints run by the guard: ${checkpoints.length} (${checkpoints.length - ok.length} busy, ${retried} after lock retries)`);
    if (ok.length) console.log(`- checkpoint duration (writers and this process wait): ${spread(latency(ok.map((c) => c.durationMs)))}`);
    console.log(`- writes: ${result.acked} acknowledged, ${result.failed} failed, ${result.writesPerSecond.toFixed(1)}/s over ${result.seconds.toFixed(0)} s`);
    console.log(`- write latency: ${spread(result.writeMs)}`);
    console.log(`- read latency: ${spread(result.readMs)}; ${result.readErrors} read errors`);
    console.log(`- integrity_check: ${check!.integrity_check}; rows ${rows} ${rows === result.acked ? '=' : '≠'} acknowledged ${result.acked}`);
    if (result.lastError) console.log(`- last error: ${result.lastError}`);
    if (check!.integrity_check !== 'ok' || rows !== result.acked) process.exitCode = 1;
  } finally {
    restore();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

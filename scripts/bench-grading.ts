/**
 * Measures the server grading path end to end (gradeCode: load grader, transpile, jailed child,
 * judge) and prints the numbers.
 *
 *   npx tsx scripts/bench-grading.ts [--exercise <slug>] [--root <course-root>] [--file <learner.ts>] [--jobs N]
 *
 * Defaults: the sandbox test fixture `double` graded with its reference solution, 12 jobs.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findExercise } from '@/lib/grading/grader-registry.server';
import { SandboxPool } from '@/lib/grading/sandbox/pool';
import { gradeCode } from '@/lib/grading/server-grade';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const exercise = option('exercise', 'double');
const courseRoot = path.resolve(option('root', exercise === 'double' ? 'test/fixtures/course' : '.'));
const jobs = Number(option('jobs', '12'));

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms (n=${values.length})`;
}

async function main(): Promise<void> {
  const entry = await findExercise(exercise, courseRoot);
  const file = option('file', path.join(entry.graderDir, 'solution.ts'));
  const code = await readFile(file, 'utf8');
  console.log(`exercise ${entry.relDir} (${courseRoot}), learner file ${path.relative(process.cwd(), file)}`);
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}\n`);

  const grade = (pool: SandboxPool) => gradeCode({ exercise: entry.meta.uuid, code, courseRoot, pool });

  // Cold: every job spawns its own child and waits for the tfjs import.
  const cold = new SandboxPool({ size: 0 });
  const first = await grade(cold); // fills the grader and reference caches
  if (first.score !== 1) console.warn(`warning: the learner file scores ${first.score}, not 1`);
  const coldMs: number[] = [];
  const imports: number[] = [];
  const backends: number[] = [];
  const startups: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const t = performance.now();
    await grade(cold);
    coldMs.push(performance.now() - t);
    const probe = await cold.run({ code: '', probesJs: 'exports.probes={p:()=>1}', jobs: [{ id: 'a', probe: 'p', input: null }] }, { wallMs: 10_000 });
    imports.push(probe.timings.importMs);
    backends.push(probe.timings.backendMs);
    startups.push(probe.timings.startupMs);
  }
  await cold.close();
  console.log(`tfjs import in the child:        ${stats(imports)}`);
  console.log(`wasm backend init:               ${stats(backends)}`);
  console.log(`spawn -> ready (jail + import):  ${stats(startups)}`);
  console.log(`per job, cold spawn:             ${stats(coldMs)}`);

  // Warm: a ready spare is waiting when the job arrives.
  const warm = new SandboxPool({ size: 1 });
  const warmMs: number[] = [];
  for (let i = 0; i < jobs; i++) {
    await warm.warm();
    const t = performance.now();
    await grade(warm);
    warmMs.push(performance.now() - t);
  }
  await warm.close();
  console.log(`per job, warm pool:              ${stats(warmMs)}\n`);

  // Throughput: back-to-back jobs from `c` concurrent callers, pool of `c` spares.
  for (const concurrency of [1, 2]) {
    const pool = new SandboxPool({ size: concurrency });
    await pool.warm();
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < jobs * 2) {
          next += 1;
          await grade(pool);
        }
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    await pool.close();
    console.log(`throughput at concurrency ${concurrency}:     ${((jobs * 2) / seconds).toFixed(1)} jobs/s (${jobs * 2} jobs in ${seconds.toFixed(2)} s)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

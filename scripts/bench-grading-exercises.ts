/**
 * Per exercise: the reference solution's own compute time (the sum of its probes' durations inside
 * the sandbox) against the full server grade (load, transpile, jailed child, judge), warm pool.
 * The ratio is the harness overhead the grading engine adds to the learner's own work.
 *
 *   npx tsx scripts/bench-grading-exercises.ts [--runs N]
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listExercises } from '@/lib/grading/grader-registry.server';
import { SandboxPool } from '@/lib/grading/sandbox/pool';
import { gradeCode } from '@/lib/grading/server-grade';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
console.log(`machine: ${os.cpus().length} cores (${cpu}), node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`median of ${runs} warm grades of each reference solution\n`);
console.log('exercise                 compute ms   grade ms   overhead   overhead/compute');
const pool = new SandboxPool({ size: 1 });
for (const entry of await listExercises()) {
  const code = await readFile(path.join(entry.graderDir, 'solution.ts'), 'utf8');
  await gradeCode({ exercise: entry.meta.uuid, code, pool }); // grader bundle + reference caches
  const compute: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs; i++) {
    await pool.warm();
    const t = performance.now();
    const result = await gradeCode({ exercise: entry.meta.uuid, code, pool });
    total.push(performance.now() - t);
    compute.push(result.tests.reduce((sum, test) => sum + (test.durationMs ?? 0), 0));
  }
  const c = median(compute);
  const g = median(total);
  console.log(
    `${entry.meta.slug.padEnd(24)} ${c.toFixed(0).padStart(10)} ${g.toFixed(0).padStart(10)} ${(g - c).toFixed(0).padStart(10)} ${(((g - c) / c) * 100).toFixed(0).padStart(17)}%`,
  );
}
await pool.close();
process.exit(0);

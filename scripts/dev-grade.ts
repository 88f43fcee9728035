/**
 * Dev harness: grades one learner file against an exercise's public + hidden tests, IN THIS
 * PROCESS. It is for authors and instructors checking a grader quickly. It is NOT a security
 * boundary: learner code runs with full Node privileges here. Real submissions go through the
 * sandboxed server grader.
 *
 *   npx tsx scripts/dev-grade.ts <learner.ts> [--exercise 01-semi-supervised/01-label-spreading]
 *                                [--backend wasm|cpu] [--repeat N] [--quiet]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from '../lib/grading/wasm-kernels';
import type { AnyGraderTest, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { judgeObservations, prepareTests, scoreResult, toProbeJobs } from '@/lib/grading/judge';
import { loadLearnerModuleInNode } from '@/lib/grading/load-module-node';
import { runProbes } from '@/lib/grading/probe-runner';
import type { GradeResult } from '@/lib/grading/result-schema';
import { transpileLearnerCode } from '@/lib/grading/transpile';
import { ExerciseMetaSchema } from '@/lib/exercises/meta-schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'usage: npx tsx scripts/dev-grade.ts <learner.ts> [--exercise dir] [--backend wasm|cpu] [--repeat N] [--quiet]';
export const DEFAULT_EXERCISE = '01-semi-supervised/01-label-spreading';

export type InProcessGrade = {
  result: GradeResult;
  /** Tensors still alive after the whole run that were not alive before it. */
  leakedTensors: number;
  scatterCalls: number;
};

async function loadSource(source: string): Promise<LearnerModule> {
  const compiled = transpileLearnerCode(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return loadLearnerModuleInNode(compiled.js, tf);
}

async function importFrom<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(file).href)) as T;
}

export async function gradeInProcess(
  learnerSource: string,
  exercise: string = DEFAULT_EXERCISE,
): Promise<InProcessGrade> {
  const started = performance.now();
  const graderDir = path.join(ROOT, 'graders', exercise);
  const metaText = await readFile(path.join(ROOT, 'exercises', exercise, 'meta.json'), 'utf8');
  const meta = ExerciseMetaSchema.parse(JSON.parse(metaText));
  const { probes } = await importFrom<{ probes: Probes }>(path.join(graderDir, 'probes.ts'));
  const pub = await importFrom<{ tests: AnyGraderTest[] }>(path.join(graderDir, 'public.ts'));
  const hidden = await importFrom<{ tests: AnyGraderTest[] }>(path.join(graderDir, 'hidden.ts'));
  const solutionSource = await readFile(path.join(graderDir, 'solution.ts'), 'utf8');

  const tensorsBefore = tf.memory().numTensors;
  let scatterCalls = 0;
  const ctx: ProbeContext = {
    tf,
    metric: () => {},
    scatter: () => {
      scatterCalls += 1;
    },
  };
  const prepared = prepareTests([...pub.tests, ...hidden.tests], meta.seed);
  const learner = await loadSource(learnerSource);
  const observations = await runProbes(learner, probes, toProbeJobs(prepared), ctx);

  // The server computes `ref` by running the same probes on the reference solution.
  const refJobs = toProbeJobs(prepared.filter((p) => p.test.needsRef));
  const refs = new Map<string, unknown>();
  if (refJobs.length > 0) {
    const solution = await loadSource(solutionSource);
    const refCtx: ProbeContext = { ...ctx, scatter: () => {} };
    for (const obs of await runProbes(solution, probes, refJobs, refCtx)) {
      if (!obs.ok) throw new Error(`Reference solution failed probe ${obs.id}: ${obs.error}`);
      const test = prepared.find((p) => p.test.id === obs.id)!.test;
      refs.set(obs.id, test.observed.parse(obs.value));
    }
  }
  const tests = judgeObservations(prepared, observations, refs);
  const result = scoreResult(tests, 'dev-in-process', performance.now() - started);
  return { result, leakedTensors: tf.memory().numTensors - tensorsBefore, scatterCalls };
}

/** What must be identical between two runs of the same file (timings are allowed to differ). */
export function fingerprint(result: GradeResult): string {
  return JSON.stringify(result.tests.map(({ id, status, points, message }) => [id, status, points, message]));
}

export function formatTable(result: GradeResult): string {
  const rows = result.tests.map((t) => [
    t.id,
    t.status,
    `${t.points}/${t.maxPoints}`,
    `${Math.round(t.durationMs ?? 0)}ms`,
    t.message,
  ]);
  const header = ['test', 'status', 'points', 'time', 'message'];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  if (!file) {
    console.error(USAGE);
    process.exit(2);
  }
  registerMissingWasmKernels(tf as unknown as Parameters<typeof registerMissingWasmKernels>[0]);
  await tf.setBackend(option('--backend') ?? 'wasm');
  await tf.ready();
  const exercise = option('--exercise') ?? DEFAULT_EXERCISE;
  const repeat = Number(option('--repeat') ?? 1);
  const source = await readFile(file, 'utf8');

  let first: string | undefined;
  for (let run = 1; run <= repeat; run++) {
    const { result, leakedTensors, scatterCalls } = await gradeInProcess(source, exercise);
    if (!args.includes('--quiet')) console.log(formatTable(result));
    console.log(
      `run ${run}: score ${result.score} (${result.status}), backend ${tf.getBackend()}, ` +
        `${result.durationMs}ms, tensors left behind ${leakedTensors}, scatter plots ${scatterCalls}`,
    );
    const failed = result.tests.filter((t) => t.status !== 'pass').map((t) => t.id);
    if (failed.length > 0) console.log(`  failing: ${failed.join(', ')}`);
    const print = fingerprint(result);
    if (first !== undefined && print !== first) {
      console.error('  NOT REPRODUCIBLE: this run differs from run 1');
      process.exitCode = 1;
    }
    first ??= print;
  }
}

const invoked = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : '';
if (invoked === import.meta.url) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

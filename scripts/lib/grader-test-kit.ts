/**
 * The standard vitest contract every grader in graders/<module>/<exercise>/ must meet, graded IN
 * THIS PROCESS with scripts/dev-grade.ts (not a sandbox: it only runs our own files). Each
 * grader.test.ts calls describeGraderContract once, then adds the tests peculiar to its exercise:
 *
 *   describeGraderContract('01-semi-supervised/01-label-spreading', { timeouts: { mutants: 20_000 } });
 *
 * The contract: meta.json, tests and hints agree; nothing that ships to the browser imports the
 * solution or hidden tests; the reference solution scores 1 twice with identical results and no
 * leaked tensors; the starter fails every public test with a TODO; every variant (another correct
 * style) scores 1 without leaks; every mutant (a known-wrong implementation) loses points.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { ExerciseMetaSchema } from '../../lib/exercises/meta-schema';
import type { AnyGraderTest } from '../../lib/grading/contract';
import { registerMissingWasmKernels } from '../../lib/grading/wasm-kernels';
import { fingerprint, gradeInProcess } from '../dev-grade';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Files in a grader folder that never ship to the browser, whatever the exercise. */
const ALWAYS_SERVER_ONLY = ['solution.ts', 'hidden.ts'];
const MIN_MUTANTS = 5;
const MIN_VARIANTS = 1;
/**
 * `npm test` runs the course check right after vitest, and it grades every mutant again, in the
 * real sandbox, with the same pass rule (score < 1). There the in-process mutant grading is a
 * second copy of ~60 % of these tests' time, so scripts/test-all.sh turns it off; the mutant
 * files are still counted and their headers checked. Run vitest alone and they are graded here.
 */
const MUTANTS_GRADED_BY_COURSE_CHECK = process.env.HML_COURSE_CHECK_GRADES_MUTANTS === '1';

export type GraderContractOptions = {
  /**
   * Further grader files that are server only (besides solution.ts and hidden.ts), e.g. a module of
   * float64 expectations that hidden.ts imports. Every other top-level .ts file of the grader (bar
   * *.test.ts) counts as shipping to the browser and must import none of them.
   */
  serverOnly?: string[];
  /** Per-test timeouts in ms; vitest's default (5 s) where absent, 20 s for the variants and the mutants. */
  timeouts?: { solution?: number; starter?: number; variants?: number; mutants?: number };
};

/**
 * Registers the standard grader tests (flat `test` calls) for the exercise at `relDir`, e.g.
 * '01-semi-supervised/01-label-spreading': graders/<relDir> against exercises/<relDir>.
 */
export function describeGraderContract(relDir: string, options: GraderContractOptions = {}): void {
  const graderDir = path.join(ROOT, 'graders', relDir);
  const exerciseDir = path.join(ROOT, 'exercises', relDir);
  const serverOnly = [...ALWAYS_SERVER_ONLY, ...(options.serverOnly ?? [])];
  const timeouts = options.timeouts ?? {};
  const read = (file: string) => readFile(file, 'utf8');
  const grade = (source: string) => gradeInProcess(source, relDir);
  const tsFilesIn = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  let publicTests: AnyGraderTest[] = [];
  let hiddenTests: AnyGraderTest[] = [];

  beforeAll(async () => {
    // As in the browser runner and the server sandbox, which both register the missing kernels.
    registerMissingWasmKernels(tf as unknown as Parameters<typeof registerMissingWasmKernels>[0]);
    await tf.setBackend('wasm');
    await tf.ready();
    const load = async (file: string) =>
      ((await import(pathToFileURL(path.join(graderDir, file)).href)) as { tests: AnyGraderTest[] }).tests;
    publicTests = await load('public.ts');
    hiddenTests = await load('hidden.ts');
  });

  test('has a valid meta.json whose tasks cover every test and every hint section', async () => {
    const meta = ExerciseMetaSchema.parse(JSON.parse(await read(path.join(exerciseDir, 'meta.json'))));
    const taskIds = meta.tasks.map((t) => t.id);
    const all = [...publicTests, ...hiddenTests];
    expect(publicTests.length).toBeGreaterThan(0);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) expect(taskIds).toContain(t.task);
    for (const id of taskIds) expect(publicTests.some((t) => t.task === id)).toBe(true);
    const hints = await read(path.join(exerciseDir, 'hints.md'));
    const sections = [...hints.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(sections).toEqual(taskIds);
  });

  test('keeps the solution and hidden tests out of what ships to the browser', async () => {
    const shipped = (await tsFilesIn(graderDir)).filter((f) => !serverOnly.includes(f) && !f.endsWith('.test.ts'));
    expect(shipped).toContain('public.ts');
    expect(shipped).toContain('probes.ts');
    const secret = serverOnly.map((f) => f.replace(/\.ts$/, '').replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
    const importsSecret = new RegExp(`from '\\./(${secret})'`);
    for (const file of shipped) {
      const source = await read(path.join(graderDir, file));
      expect(source, file).not.toMatch(importsSecret);
      expect(source, file).not.toContain('canary-');
    }
  });

  test('gives the reference solution full marks, reproducibly and without leaks', async () => {
    const source = await read(path.join(graderDir, 'solution.ts'));
    const first = await grade(source);
    const second = await grade(source);
    const failing = first.result.tests.filter((t) => t.status !== 'pass');
    expect(failing.map((t) => `${t.id}: ${t.message}`)).toEqual([]);
    expect(first.result.score).toBe(1);
    expect(fingerprint(second.result)).toBe(fingerprint(first.result));
    expect(first.leakedTensors).toBe(0);
  }, timeouts.solution);

  test('fails every public test on the untouched starter', async () => {
    const { result } = await grade(await read(path.join(exerciseDir, 'starter.ts')));
    expect(result.score).toBeLessThan(1);
    const publicIds = new Set(publicTests.map((t) => t.id));
    for (const t of result.tests.filter((r) => publicIds.has(r.id))) {
      expect(t.status, t.id).toBe('fail');
      expect(t.message).toContain('TODO');
    }
  }, timeouts.starter);

  test('gives correct solutions written in another style full marks too', async () => {
    const dir = path.join(graderDir, 'variants');
    const files = await tsFilesIn(dir);
    expect(files.length).toBeGreaterThanOrEqual(MIN_VARIANTS);
    for (const file of files) {
      const source = await read(path.join(dir, file));
      expect(source.split('\n')[0], file).toMatch(/^\/\/ variant: /);
      const { result, leakedTensors } = await grade(source);
      const failing = result.tests.filter((t) => t.status !== 'pass');
      expect(failing.map((t) => `${file} ${t.id}: ${t.message}`)).toEqual([]);
      expect(result.score, file).toBe(1);
      expect(leakedTensors, file).toBe(0);
    }
  }, timeouts.variants ?? 20_000);

  test('catches every mutant', async () => {
    const dir = path.join(graderDir, 'mutants');
    const files = await tsFilesIn(dir);
    expect(files.length).toBeGreaterThanOrEqual(MIN_MUTANTS);
    for (const file of files) {
      const source = await read(path.join(dir, file));
      expect(source.split('\n')[0], file).toMatch(/^\/\/ mutant: /);
      if (MUTANTS_GRADED_BY_COURSE_CHECK) continue;
      const { result } = await grade(source);
      expect(result.score, `${file} should lose points`).toBeLessThan(1);
    }
  }, timeouts.mutants ?? 20_000);
}

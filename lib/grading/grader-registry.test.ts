import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ExerciseNotFoundError, findExercise, listExercises, loadGrader } from './grader-registry.server';

const COURSE = path.resolve('test/fixtures/course');
const UUID = '194f9b3e-d0db-4ea4-ada1-ce02b1304b7a';
const tmpDirs: string[] = [];

afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function copyCourse(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-'));
  tmpDirs.push(dir);
  fs.cpSync(COURSE, dir, { recursive: true });
  return dir;
}

test('lists the exercises of a course root with their parsed meta', async () => {
  const all = await listExercises(COURSE);
  expect(all.map((e) => [e.relDir, e.meta.slug])).toEqual([['01-fixture/01-double', 'double']]);
  expect(all[0]?.graderDir).toBe(path.join(COURSE, 'graders/01-fixture/01-double'));
});

test('finds an exercise by slug, uuid, relative folder or path, and reports unknown ones', async () => {
  for (const ref of ['double', UUID, '01-fixture/01-double', path.join(COURSE, 'exercises/01-fixture/01-double')]) {
    expect((await findExercise(ref, COURSE)).meta.uuid).toBe(UUID);
  }
  await expect(findExercise('nope', COURSE)).rejects.toBeInstanceOf(ExerciseNotFoundError);
});

test('loads public then hidden tests, the probes bundle and the transpiled solution', async () => {
  const grader = await loadGrader(await findExercise('double', COURSE));
  expect(grader.tests.map((t) => t.id)).toEqual(['doubles-small', 'doubles-random', 'matches-reference', 'doubles-large']);
  expect([...grader.publicTestIds]).toEqual(['doubles-small']);
  expect(grader.version).toMatch(/^[0-9a-f]{16}$/);
  expect(grader.probesJs).toContain('probes');
  // The probes bundle enters the sandbox: it must not carry hidden test code.
  expect(grader.probesJs).not.toContain('canary-hidden-double');
  expect(grader.solutionJs).toContain('mul(2)');
});

test('the grader version is stable and changes when a file the hidden tests import changes', async () => {
  const root = copyCourse();
  const first = await loadGrader(await findExercise('double', root));
  const again = await loadGrader(await findExercise('double', root));
  expect(again.version).toBe(first.version);
  const dataFile = path.join(root, 'graders/01-fixture/01-double/data.ts');
  fs.appendFileSync(dataFile, '\n// a comment alone is not code: the bundle, and so the version, stay the same\n');
  expect((await loadGrader(await findExercise('double', root))).version).toBe(first.version);
  fs.writeFileSync(dataFile, fs.readFileSync(dataFile, 'utf8').replace('rand() * 200 - 100', 'rand() * 100 - 50'));
  const changed = await loadGrader(await findExercise('double', root));
  expect(changed.version).not.toBe(first.version);
});

test('the grader version changes when the reference solution changes', async () => {
  const root = copyCourse();
  const first = await loadGrader(await findExercise('double', root));
  const solution = path.join(root, 'graders/01-fixture/01-double/solution.ts');
  fs.writeFileSync(solution, fs.readFileSync(solution, 'utf8').replace('x.mul(2)', 'x.add(x)'));
  const changed = await loadGrader(await findExercise('double', root));
  expect(changed.version).not.toBe(first.version);
});

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExerciseMetaSchema } from '@/lib/exercises/meta-schema';
import { fingerprint, gradeInProcess } from '@/scripts/dev-grade';
import { tests as hiddenTests } from './hidden';
import { tests as publicTests } from './public';

// In-process mutation testing of this grader: the reference must pass, the starter and every
// known-wrong implementation must lose points. Not a sandbox; it only runs our own files.

const EXERCISE = '01-semi-supervised/02-pseudo-labeling';
const here = path.dirname(fileURLToPath(import.meta.url));
const exerciseDir = path.resolve(here, '../../../exercises', EXERCISE);
const read = (file: string) => readFile(file, 'utf8');

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('pseudo-labeling grader', () => {
  it('has a valid meta.json whose tasks cover every test and every hint section', async () => {
    const meta = ExerciseMetaSchema.parse(JSON.parse(await read(path.join(exerciseDir, 'meta.json'))));
    const taskIds = meta.tasks.map((t) => t.id);
    const all = [...publicTests, ...hiddenTests];
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const test of all) expect(taskIds).toContain(test.task);
    for (const id of taskIds) expect(publicTests.some((t) => t.task === id)).toBe(true);
    const hints = await read(path.join(exerciseDir, 'hints.md'));
    const sections = [...hints.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(sections).toEqual(taskIds);
  });

  it('keeps the solution and hidden tests out of what ships to the browser', async () => {
    for (const file of ['public.ts', 'checks.ts', 'probes.ts', 'model.ts']) {
      const source = await read(path.join(here, file));
      expect(source).not.toMatch(/from '\.\/(solution|hidden|expected)'/);
      expect(source).not.toContain('canary-');
    }
  });

  it('never hands a label the learner must not see to the sandbox', () => {
    // Test labels and the true classes of unlabeled training points stay in `secret`: the probe
    // (learner side) can only report predictions, and accuracy is computed by the judge.
    for (const test of [...publicTests, ...hiddenTests].filter((t) => t.probe === 'moons')) {
      const { input } = test.prepare(1234);
      expect(Object.keys(input).sort(), test.id).toEqual(['X', 'Xtest', 'gamma', 'opts', 'stream', 'variants', 'y']);
      expect(input.y.filter((c: number) => c >= 0), test.id).toHaveLength(6);
    }
  });

  it('gives the reference solution full marks, reproducibly and without leaks', async () => {
    const source = await read(path.join(here, 'solution.ts'));
    const first = await gradeInProcess(source, EXERCISE);
    const second = await gradeInProcess(source, EXERCISE);
    const failing = first.result.tests.filter((t) => t.status !== 'pass');
    expect(failing.map((t) => `${t.id}: ${t.message}`)).toEqual([]);
    expect(first.result.score).toBe(1);
    expect(fingerprint(second.result)).toBe(fingerprint(first.result));
    expect(first.leakedTensors).toBe(0);
  }, 60_000);

  it('fails every public test on the untouched starter', async () => {
    const { result } = await gradeInProcess(await read(path.join(exerciseDir, 'starter.ts')), EXERCISE);
    expect(result.score).toBeLessThan(1);
    const publicIds = new Set(publicTests.map((t) => t.id));
    for (const test of result.tests.filter((t) => publicIds.has(t.id))) {
      expect(test.status, test.id).toBe('fail');
      expect(test.message).toContain('TODO');
    }
  }, 30_000);

  it('catches every mutant', async () => {
    const dir = path.join(here, 'mutants');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const source = await read(path.join(dir, file));
      expect(source.split('\n')[0], file).toMatch(/^\/\/ mutant: /);
      const { result } = await gradeInProcess(source, EXERCISE);
      expect(result.score, `${file} should lose points`).toBeLessThan(1);
    }
  }, 180_000);
});

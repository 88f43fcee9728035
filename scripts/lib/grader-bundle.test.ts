import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleGrader } from './grader-bundle';

const dirs: string[] = [];
function graderDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'grader-bundle-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const probes = "import * as tf from '@tensorflow/tfjs';\nexport const probes = { p: () => tf.version };\n";

describe('bundleGrader', () => {
  it('bundles probes and public tests, borrowing tfjs and zod from the worker', async () => {
    const dir = graderDir({
      'probes.ts': probes,
      'public.ts': "import { z } from 'zod';\nexport const tests = [{ id: 'a', observed: z.number() }];\n",
      'hidden.ts': "export const tests = ['SECRET-EXPECTED-VALUE'];\n",
    });
    const js = Buffer.from(await bundleGrader(dir, 'ok', dir)).toString('utf8');
    expect(js).toContain('__grader');
    expect(js).toContain('self.tf');
    expect(js).toContain('self.__runnerZod');
    expect(js).not.toContain('SECRET-EXPECTED-VALUE');
    expect(js.length).toBeLessThan(2000);
  });

  it.each([
    ['hidden.ts', "import { tests as h } from './hidden';\nexport const tests = h;\n"],
    ['solution.ts', "import * as s from './solution';\nexport const tests = [s];\n"],
    ['mutants/off-by-one.ts', "import * as m from './mutants/off-by-one';\nexport const tests = [m];\n"],
  ])('fails loudly when public.ts pulls in %s', async (secret, publicTs) => {
    const dir = graderDir({ 'probes.ts': probes, 'public.ts': publicTs, [secret]: 'export const tests = [];\n' });
    await expect(bundleGrader(dir, 'leaky', dir)).rejects.toThrow(/SECURITY.*leaky/);
  });

  it('catches a secret imported indirectly through a helper', async () => {
    const dir = graderDir({
      'probes.ts': probes,
      'public.ts': "import { shared } from './shared';\nexport const tests = [shared];\n",
      'shared.ts': "export { tests as shared } from './hidden';\n",
      'hidden.ts': 'export const tests = [];\n',
    });
    await expect(bundleGrader(dir, 'indirect', dir)).rejects.toThrow(/hidden\.ts \(imported by shared\.ts\)/);
  });
});

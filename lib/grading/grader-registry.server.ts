/**
 * Server-only: reads hidden graders from disk. Named `.server.ts` instead of importing
 * 'server-only', because that package throws outside a React Server Components bundle and the
 * grade CLI (tsx) imports this file directly.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { build, type Metafile } from 'esbuild';
import { z } from 'zod';
import { ExerciseMetaSchema, type ExerciseMeta } from '../exercises/meta-schema';
import type { AnyGraderTest } from './contract';
import { findAppRoot } from './sandbox/build-child';
import { transpileLearnerCode } from './transpile';

export type ExerciseEntry = {
  meta: ExerciseMeta;
  /** `<NN-module>/<NN-slug>`, identical under exercises/ and graders/. */
  relDir: string;
  exerciseDir: string;
  graderDir: string;
  courseRoot: string;
};

export type LoadedGrader = {
  entry: ExerciseEntry;
  /** Public tests first, then hidden, in file order. */
  tests: AnyGraderTest[];
  publicTestIds: ReadonlySet<string>;
  /** CommonJS bundle of probes.ts, the only grader code that enters the sandbox. */
  probesJs: string;
  /** Transpiled solution.ts: run through the sandbox like learner code for `needsRef` tests. */
  solutionJs: string | undefined;
  /** sha256 (16 hex) of everything that decides a grade: tests, probes and solution bundles. */
  version: string;
};

export class ExerciseNotFoundError extends Error {
  override name = 'ExerciseNotFoundError';
}

export function defaultCourseRoot(): string {
  return findAppRoot();
}

export async function listExercises(courseRoot = defaultCourseRoot()): Promise<ExerciseEntry[]> {
  const base = path.join(courseRoot, 'exercises');
  const entries: ExerciseEntry[] = [];
  for (const moduleDir of await sortedDirs(base)) {
    for (const slugDir of await sortedDirs(path.join(base, moduleDir))) {
      const exerciseDir = path.join(base, moduleDir, slugDir);
      const metaFile = path.join(exerciseDir, 'meta.json');
      if (!fs.existsSync(metaFile)) continue;
      const parsed = ExerciseMetaSchema.safeParse(JSON.parse(await fs.promises.readFile(metaFile, 'utf8')));
      if (!parsed.success) throw new Error(`${metaFile}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const relDir = `${moduleDir}/${slugDir}`;
      entries.push({ meta: parsed.data, relDir, exerciseDir, graderDir: path.join(courseRoot, 'graders', relDir), courseRoot });
    }
  }
  return entries;
}

/** Finds an exercise by slug, uuid, or a path to its exercises/ or graders/ folder. */
export async function findExercise(ref: string, courseRoot = defaultCourseRoot()): Promise<ExerciseEntry> {
  const all = await listExercises(courseRoot);
  const asPath = path.resolve(ref);
  const found = all.find(
    (e) => e.meta.slug === ref || e.meta.uuid === ref || e.relDir === ref || e.exerciseDir === asPath || e.graderDir === asPath,
  );
  if (!found) throw new ExerciseNotFoundError(`no exercise "${ref}" under ${courseRoot}`);
  return found;
}

const TestShape = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  task: z.number().int(),
  points: z.number().min(0),
  probe: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
  needsRef: z.boolean().optional(),
  prepare: z.custom<AnyGraderTest['prepare']>((v) => typeof v === 'function'),
  judge: z.custom<AnyGraderTest['judge']>((v) => typeof v === 'function'),
  observed: z.custom<AnyGraderTest['observed']>((v) => typeof (v as { safeParse?: unknown })?.safeParse === 'function'),
});
const SuiteExports = z.object({ publicTests: z.array(TestShape), hiddenTests: z.array(TestShape) });

type CacheEntry = { stamp: string; inputs: string[]; grader: LoadedGrader };
const cache = new Map<string, CacheEntry>();

/**
 * Bundles and loads an exercise's grader. The tests are loaded from the very bundle whose hash
 * is the version, so the version always describes the code that judged. Rebuilt only when a file
 * the bundles were made from changed (esbuild's metafile lists them, imports included).
 */
export async function loadGrader(entry: ExerciseEntry, appRoot = findAppRoot()): Promise<LoadedGrader> {
  const key = `${appRoot}\0${entry.graderDir}`;
  const cached = cache.get(key);
  if (cached && (await stampOf(cached.inputs)) === cached.stamp) return { ...cached.grader, entry };

  const tsconfig = path.join(appRoot, 'tsconfig.json');
  const common = {
    absWorkingDir: appRoot,
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent' as const,
    ...(fs.existsSync(tsconfig) ? { tsconfig } : {}),
  };
  const suite = await build({
    ...common,
    stdin: {
      contents: `export { tests as publicTests } from './public';\nexport { tests as hiddenTests } from './hidden';\n`,
      resolveDir: entry.graderDir,
      sourcefile: 'grader-suite.ts',
      loader: 'ts',
    },
    // Trusted code running in this process: share the app's zod and tfjs instances.
    external: ['@tensorflow/*', 'zod'],
  });
  // The child provides tfjs (see child-entry.ts); probes that import anything else (zod, say) carry it
  // in their bundle, which every job then pays for: keep probes.ts and what it imports zod-free.
  const probes = await build({ ...common, entryPoints: [path.join(entry.graderDir, 'probes.ts')], external: ['@tensorflow/*'] });
  const suiteJs = suite.outputFiles?.[0]?.text ?? '';
  const probesJs = probes.outputFiles?.[0]?.text ?? '';

  const solutionFile = path.join(entry.graderDir, 'solution.ts');
  let solutionJs: string | undefined;
  if (fs.existsSync(solutionFile)) {
    const compiled = transpileLearnerCode(await fs.promises.readFile(solutionFile, 'utf8'));
    if (!compiled.ok) throw new Error(`${solutionFile}: ${compiled.message}`);
    solutionJs = compiled.js;
  }

  const exports = SuiteExports.safeParse(evaluateSuite(suiteJs, entry.graderDir, appRoot));
  if (!exports.success) throw new Error(`${entry.graderDir}: tests do not match the grader contract: ${exports.error.message}`);
  const tests = [...exports.data.publicTests, ...exports.data.hiddenTests] as AnyGraderTest[];
  const ids = new Set(tests.map((t) => t.id));
  if (ids.size !== tests.length) throw new Error(`${entry.graderDir}: test ids are not unique`);
  if (!solutionJs && tests.some((t) => t.needsRef)) throw new Error(`${entry.graderDir}: needsRef tests but no solution.ts`);

  const version = createHash('sha256')
    .update(suiteJs)
    .update('\0')
    .update(probesJs)
    .update('\0')
    .update(solutionJs ?? '')
    .digest('hex')
    .slice(0, 16);
  const grader: LoadedGrader = {
    entry,
    tests,
    publicTestIds: new Set(exports.data.publicTests.map((t) => t.id)),
    probesJs,
    solutionJs,
    version,
  };
  const inputs = [
    ...inputsOf(suite.metafile, appRoot, entry.graderDir),
    ...inputsOf(probes.metafile, appRoot, entry.graderDir),
    solutionFile,
  ];
  cache.set(key, { stamp: await stampOf(inputs), inputs, grader });
  return grader;
}

/** Trusted grader code, evaluated in this process; vm only names the file for stack traces. */
function evaluateSuite(js: string, graderDir: string, appRoot: string): unknown {
  const filename = path.join(graderDir, 'grader-suite.cjs');
  const fn = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, {
    filename,
  }).runInThisContext() as (e: object, r: NodeRequire, m: { exports: object }, f: string, d: string) => void;
  const module = { exports: {} };
  fn(module.exports, createRequire(path.join(appRoot, 'package.json')), module, filename, graderDir);
  return module.exports;
}

function inputsOf(metafile: Metafile | undefined, appRoot: string, graderDir: string): string[] {
  if (!metafile) return [];
  return Object.keys(metafile.inputs)
    .filter((p) => !p.startsWith('<stdin>'))
    .map((p) => path.resolve(appRoot, p))
    .concat(path.join(graderDir, 'public.ts'), path.join(graderDir, 'hidden.ts'));
}

async function stampOf(files: ReadonlyArray<string>): Promise<string> {
  const parts = await Promise.all(
    files.map(async (f) => {
      const s = await fs.promises.stat(f).catch(() => undefined);
      return s ? `${f}:${s.mtimeMs}:${s.size}` : `${f}:missing`;
    }),
  );
  return parts.join('|');
}

async function sortedDirs(dir: string): Promise<string[]> {
  const items = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  return items.filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * Builds everything the browser runner and the editor load from public/ (both gitignored):
 *   public/runner-assets/  tfjs (ES2017 UMD) + wasm backend, runner-frame.js, runner-worker.js,
 *                          graders/<slug>.js (probes + public tests only), manifest.json (hashes)
 *   public/monaco/         Monaco's min/vs, tfjs-types.json, manifest.json
 * Usage: npx tsx scripts/build-assets.ts [--fixtures] [--skip-incomplete]
 *   --fixtures        also bundle test/fixtures/course exercises
 *   --skip-incomplete warn about (instead of failing on) exercises whose probes.ts or public.ts
 *                     does not exist yet; meant for `dev` while an exercise is being written
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ExerciseMetaSchema } from '../lib/exercises/meta-schema';
import {
  graderAssetName,
  MANIFEST_FILE,
  RUNNER_FRAME_SCRIPT,
  RUNNER_WORKER_SCRIPT,
  TF_SCRIPT,
  TF_WASM_SCRIPT,
  WASM_PLAIN,
  WASM_SIMD,
  type RunnerManifest,
} from '../lib/grading/browser/runner-assets';
import { dropZodLocales, globalModule, sideEffectFree } from './lib/esbuild-plugins';
import { bundleGrader } from './lib/grader-bundle';
import { collectTfjsTypes } from './lib/tfjs-types';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'public', 'runner-assets');
// Built aside and swapped in at the end, so a failed build leaves the last good assets served.
const STAGING = path.join(ROOT, '.cache', 'runner-assets.staging');
const MONACO_OUT = path.join(ROOT, 'public', 'monaco');
const withFixtures = process.argv.includes('--fixtures') || process.env.RUNNER_TEST_FIXTURES === '1';
const skipIncomplete = process.argv.includes('--skip-incomplete');

const files: Record<string, string> = {};

function emit(name: string, content: string | Uint8Array): void {
  const target = path.join(STAGING, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
  files[name] = createHash('sha256').update(content).digest('hex').slice(0, 16);
}

const tfPlugin = globalModule(/^@tensorflow\/tfjs$/, 'self.tf', 'tfjs');
const common = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  absWorkingDir: ROOT,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
} as const;

async function buildRunner(): Promise<void> {
  const pkg = (p: string) => readFileSync(path.join(ROOT, 'node_modules', p));
  emit(TF_SCRIPT, pkg(`@tensorflow/tfjs/dist/${TF_SCRIPT}`));
  emit(TF_WASM_SCRIPT, pkg(`@tensorflow/tfjs-backend-wasm/dist/${TF_WASM_SCRIPT}`));
  // No threaded build: it needs SharedArrayBuffer, which the runner frame is not isolated enough for.
  emit(WASM_SIMD, pkg(`@tensorflow/tfjs-backend-wasm/dist/${WASM_SIMD}`));
  emit(WASM_PLAIN, pkg(`@tensorflow/tfjs-backend-wasm/dist/${WASM_PLAIN}`));

  const frame = await build({
    ...common,
    entryPoints: ['lib/grading/browser/frame.ts'],
    plugins: [dropZodLocales()],
  });
  emit(RUNNER_FRAME_SCRIPT, frame.outputFiles[0]!.contents);

  const worker = await build({
    ...common,
    entryPoints: ['lib/grading/browser/worker-entry.ts'],
    plugins: [tfPlugin, sideEffectFree(/^sucrase$/), dropZodLocales()],
    metafile: true,
  });
  const sucrase = Object.keys(worker.metafile.outputs).flatMap((o) =>
    Object.entries(worker.metafile.outputs[o]!.inputs).filter(([k, v]) => k.includes('sucrase') && v.bytesInOutput > 0),
  );
  if (sucrase.length > 0) throw new Error('runner-worker.js would bundle sucrase; keep the transpiler page-side');
  emit(RUNNER_WORKER_SCRIPT, worker.outputFiles[0]!.contents);
}

type ExerciseDirs = { meta: string; grader: string; label: string };

function findExercises(): ExerciseDirs[] {
  const roots = [{ exercises: 'exercises', graders: 'graders' }];
  if (withFixtures) roots.push({ exercises: 'test/fixtures/course/exercises', graders: 'test/fixtures/course/graders' });
  const found: ExerciseDirs[] = [];
  for (const root of roots) {
    const base = path.join(ROOT, root.exercises);
    if (!existsSync(base)) continue;
    for (const mod of readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const ex of readdirSync(path.join(base, mod.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const rel = `${mod.name}/${ex.name}`;
        const meta = path.join(base, rel, 'meta.json');
        if (!existsSync(meta)) continue;
        found.push({ meta, grader: path.join(ROOT, root.graders, rel), label: `${root.exercises}/${rel}` });
      }
    }
  }
  return found;
}

async function buildGraders(): Promise<string[]> {
  const slugs = new Map<string, string>();
  for (const exercise of findExercises()) {
    const missing = ['probes.ts', 'public.ts'].filter((f) => !existsSync(path.join(exercise.grader, f)));
    if (missing.length > 0) {
      const problem = `${exercise.label}: missing grader file(s) ${missing.join(', ')}`;
      if (!skipIncomplete) throw new Error(`${problem} (pass --skip-incomplete to build the rest)`);
      console.warn(`WARNING ${problem}; its Run button will report a grader error.`);
      continue;
    }
    const meta = ExerciseMetaSchema.parse(JSON.parse(readFileSync(exercise.meta, 'utf8')));
    const other = slugs.get(meta.slug);
    if (other) throw new Error(`duplicate exercise slug "${meta.slug}": ${other} and ${exercise.label}`);
    slugs.set(meta.slug, exercise.label);
    emit(graderAssetName(meta.slug), await bundleGrader(exercise.grader, exercise.label, ROOT));
  }
  return [...slugs.keys()];
}

function buildMonaco(): { typesBytes: number; typesFiles: number } {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/monaco-editor/package.json'), 'utf8')) as {
    version: string;
  }).version;
  const marker = path.join(MONACO_OUT, 'vs', '.monaco-version');
  // 25 MB of files: copy only when the installed Monaco changed.
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== version) {
    rmSync(path.join(MONACO_OUT, 'vs'), { recursive: true, force: true });
    cpSync(path.join(ROOT, 'node_modules/monaco-editor/min/vs'), path.join(MONACO_OUT, 'vs'), { recursive: true });
    writeFileSync(marker, version);
  }
  const types = collectTfjsTypes(ROOT);
  const json = JSON.stringify(types);
  writeFileSync(path.join(MONACO_OUT, 'tfjs-types.json'), json);
  const tfjsTypes = createHash('sha256').update(json).digest('hex').slice(0, 16);
  writeFileSync(path.join(MONACO_OUT, MANIFEST_FILE), JSON.stringify({ version: 1, monaco: version, tfjsTypes }, null, 2));
  return { typesBytes: Buffer.byteLength(json), typesFiles: Object.keys(types).length };
}

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(STAGING, { recursive: true, force: true });
  mkdirSync(STAGING, { recursive: true });
  await buildRunner();
  const slugs = await buildGraders();
  const manifest: RunnerManifest = { version: 1, files };
  writeFileSync(path.join(STAGING, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(path.dirname(OUT), { recursive: true });
  renameSync(STAGING, OUT);
  const monaco = buildMonaco();
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  const size = (name: string) => kb(readFileSync(path.join(OUT, name)).length);
  console.log(
    `runner assets: ${RUNNER_WORKER_SCRIPT} ${size(RUNNER_WORKER_SCRIPT)}, ${RUNNER_FRAME_SCRIPT} ${size(RUNNER_FRAME_SCRIPT)}, ` +
      `graders: ${slugs.map((s) => `${s} (${size(graderAssetName(s))})`).join(', ') || 'none'}; ` +
      `monaco tfjs-types.json ${kb(monaco.typesBytes)} in ${monaco.typesFiles} files; ${Date.now() - started} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Finds the app root: the nearest folder (from cwd up) whose node_modules holds the tfjs wasm
 * backend. cwd-based rather than import.meta-based so it behaves the same under tsx, vitest and
 * a bundled Next.js server.
 */
export function findAppRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no node_modules with @tensorflow/tfjs-backend-wasm above ${start}`);
    dir = parent;
  }
}

export function sandboxCacheDir(appRoot: string): string {
  return path.join(appRoot, '.cache', 'sandbox');
}

const builds = new Map<string, Promise<string>>();

/**
 * Bundles child-entry.ts (with the probe runner and module loader) into one CommonJS file that
 * the jailed node may read. Built once per process; written via rename so that concurrent
 * processes (vitest workers, the app) never see a half-written file. If the source is absent
 * (a production image that ships only the prebuilt bundle) the existing bundle is used.
 */
export function ensureChildBundle(appRoot: string): Promise<string> {
  let pending = builds.get(appRoot);
  if (!pending) {
    pending = buildChildBundle(appRoot);
    builds.set(appRoot, pending);
    pending.catch(() => builds.delete(appRoot));
  }
  return pending;
}

async function buildChildBundle(appRoot: string): Promise<string> {
  const outDir = sandboxCacheDir(appRoot);
  const outFile = path.join(outDir, 'child.cjs');
  const entry = path.join(appRoot, 'lib', 'grading', 'sandbox', 'child-entry.ts');
  if (!fs.existsSync(entry)) {
    if (fs.existsSync(outFile)) return outFile;
    throw new Error(`neither ${entry} nor a prebuilt ${outFile} exists`);
  }
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: appRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Loaded from the app's node_modules at run time; the jail grants read access there.
    external: ['@tensorflow/*'],
    // Mostly zod; minified it parses faster at every child start.
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text;
  if (!text) throw new Error('esbuild produced no child bundle');
  await fs.promises.mkdir(outDir, { recursive: true });
  // World-readable: the child may run as an unprivileged uid (see jail-mode.ts).
  await fs.promises.chmod(outDir, 0o755);
  const tmp = `${outFile}.${process.pid}.${Date.now()}.tmp`;
  await fs.promises.writeFile(tmp, text, { mode: 0o644 });
  await fs.promises.rename(tmp, outFile);
  return outFile;
}

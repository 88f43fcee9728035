import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Collects the .d.ts files Monaco needs to type-check `import * as tf from '@tensorflow/tfjs'`,
 * keyed by the virtual path TypeScript will look them up under (file:///node_modules/...).
 * Starts at each @tensorflow package's "types" entry and follows imports, so files TypeScript
 * could never reach (tests, internal tooling) stay out of the download.
 */

type Pkg = { name: string; dir: string; version: string; types: string; deps: string[] };

const SCOPE = '@tensorflow/';

export function collectTfjsTypes(root: string, rootPackage = '@tensorflow/tfjs'): Record<string, string> {
  const packages = new Map<string, Pkg>();
  const pending = [{ name: rootPackage, from: root }];
  while (pending.length > 0) {
    const { name, from } = pending.pop()!;
    if (packages.has(name)) continue;
    const dir = findPackageDir(name, from);
    const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
      types?: string;
      typings?: string;
      dependencies?: Record<string, string>;
    };
    const deps = Object.keys(json.dependencies ?? {}).filter((d) => d.startsWith(SCOPE));
    packages.set(name, { name, dir, version: json.version, types: json.types ?? json.typings ?? 'index.d.ts', deps });
    for (const dep of deps) pending.push({ name: dep, from: dir });
  }

  const out: Record<string, string> = {};
  const seen = new Set<string>();
  const queue: string[] = [];
  const virtual = (file: string): string | null => {
    for (const pkg of packages.values()) {
      const rel = path.relative(pkg.dir, file);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
        return `file:///node_modules/${pkg.name}/${rel.split(path.sep).join('/')}`;
      }
    }
    return null;
  };
  const enqueue = (file: string | null) => {
    if (file && !seen.has(file)) {
      seen.add(file);
      queue.push(file);
    }
  };

  for (const pkg of packages.values()) {
    // Only what TypeScript's resolver reads; the real package.json files carry scripts and more.
    out[`file:///node_modules/${pkg.name}/package.json`] = JSON.stringify({
      name: pkg.name,
      version: pkg.version,
      types: pkg.types,
    });
    enqueue(resolveDts(path.join(pkg.dir, pkg.types)));
  }

  while (queue.length > 0) {
    const file = queue.shift()!;
    const key = virtual(file);
    if (!key) continue;
    const text = readFileSync(file, 'utf8');
    out[key] = text;
    for (const spec of specifiers(text)) {
      if (spec.startsWith('.')) {
        enqueue(resolveDts(path.resolve(path.dirname(file), spec)));
      } else if (spec.startsWith(SCOPE)) {
        const [, pkgName, ...rest] = spec.split('/');
        const pkg = packages.get(`${SCOPE}${pkgName}`);
        if (!pkg) continue;
        enqueue(resolveDts(rest.length > 0 ? path.join(pkg.dir, ...rest) : path.join(pkg.dir, pkg.types)));
      }
    }
  }
  return out;
}

function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\/\/\/\s*<reference\s+path\s*=\s*['"]([^'"]+)['"]/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

function resolveDts(base: string): string | null {
  const candidates = base.endsWith('.d.ts')
    ? [base]
    : [`${base.replace(/\.js$/, '')}.d.ts`, path.join(base, 'index.d.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

function findPackageDir(name: string, from: string): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${name} from ${from}`);
    dir = parent;
  }
}

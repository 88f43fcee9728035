import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

/**
 * Every state-changing route handler must call assertSameOrigin (ASVS 4.2.2; route handlers have
 * no CSRF protection of their own). A handler that deliberately accepts cross-site requests says
 * so with a comment `// origin-check: allow <reason>` in its file. next-auth's own route is exempt:
 * it checks its double-submit CSRF token itself.
 */
const apiRoot = path.resolve(import.meta.dirname);
const EXEMPT = new Set(['auth/[...nextauth]/route.ts']);
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** The exported state-changing methods and each one's body (up to the next export). */
function stateChangingHandlers(source: string): Array<{ method: string; body: string }> {
  const found: Array<{ method: string; body: string }> = [];
  const exportPattern = /^export\s+(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+)\s*=|\{([^}]*)\})/gm;
  const matches = [...source.matchAll(exportPattern)];
  matches.forEach((match, i) => {
    const end = i + 1 < matches.length ? matches[i + 1]!.index : source.length;
    const body = source.slice(match.index, end);
    const names = match[3]
      ? match[3].split(',').map((part) => part.trim().split(/\s+as\s+/).pop()!.trim())
      : [match[1] ?? match[2]!];
    for (const name of names) if ((METHODS as readonly string[]).includes(name)) found.push({ method: name, body });
  });
  return found;
}

test('the scanner finds function, const and re-exported handlers', () => {
  const source = [
    'export async function POST(r) { assertSameOrigin(r); }',
    'export const PUT = async () => {};',
    'export { handler as DELETE, handler as GET };',
    'export async function GET() {}',
  ].join('\n');
  const found = stateChangingHandlers(source);
  expect(found.map((h) => h.method)).toEqual(['POST', 'PUT', 'DELETE']);
  expect(found[0]!.body).toContain('assertSameOrigin(');
  expect(found[1]!.body).not.toContain('assertSameOrigin(');
});

test('every POST/PUT/PATCH/DELETE under app/api checks the Origin', () => {
  const files = routeFiles(apiRoot);
  expect(files.length).toBeGreaterThan(5);
  const missing: string[] = [];
  let checked = 0;
  for (const file of files) {
    const rel = path.relative(apiRoot, file).split(path.sep).join('/');
    if (EXEMPT.has(rel)) continue;
    const source = readFileSync(file, 'utf8');
    if (/\/\/\s*origin-check:\s*allow\s+\S/.test(source)) continue;
    for (const handler of stateChangingHandlers(source)) {
      checked++;
      if (!/\bassertSameOrigin\s*\(/.test(handler.body)) missing.push(`${handler.method} ${rel}`);
    }
  }
  expect(missing).toEqual([]);
  expect(checked).toBeGreaterThan(10);
});

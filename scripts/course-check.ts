/**
 * npm run course:check [-- --exercise <slug|relDir>] [--canaries-only] [--no-canaries]
 * Content (MDX, frontmatter, references) is checked by scripts/check-content.ts; this proves the
 * graders. Exits 1 on any problem, naming the file and what to fix.
 */
import path from 'node:path';
import { checkBundleCanaries, checkExercise, checkStructure } from '../lib/grading/course-check.server';
import { findAppRoot } from '../lib/grading/sandbox/build-child';
import { listExercises } from '../lib/grading/grader-registry.server';
import { getDefaultPool } from '../lib/grading/sandbox/pool';

const args = process.argv.slice(2);
const only = args.includes('--exercise') ? args[args.indexOf('--exercise') + 1] : undefined;
const root = findAppRoot();
let failures = 0;
const print = (ok: boolean, text: string) => {
  if (!ok) failures++;
  console.log(`  ${ok ? '✓' : '✗'} ${text}`);
};

if (!args.includes('--canaries-only')) {
  console.log('Structure');
  const structural = await checkStructure(root);
  if (structural.length === 0) print(true, 'graders/ mirrors exercises/, required files and canaries present, ids unique');
  for (const p of structural) print(false, p);

  const entries = (await listExercises(root)).filter((e) => !only || e.meta.slug === only || e.relDir === only);
  for (const entry of entries) {
    console.log(`\n${entry.relDir} (${entry.meta.slug})`);
    const report = await checkExercise(entry);
    for (const line of report.lines) print(line.ok, line.text);
  }
}

if (!args.includes('--no-canaries') && !only) {
  console.log('\nClient bundles');
  const problems = checkBundleCanaries(root, [path.join(root, '.next', 'static'), path.join(root, 'public')]);
  if (problems.length === 0) print(true, 'no hidden test or solution canary appears in .next/static or public/');
  for (const p of problems) print(false, p);
}

await getDefaultPool().close();
console.log(failures ? `\nCourse check failed: ${failures} problem(s).` : '\nCourse check passed.');
process.exit(failures ? 1 : 0);

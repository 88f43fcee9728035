/**
 * npm run course:check [-- --exercise <slug|relDir>] [--canaries-only] [--no-canaries]
 * COURSE_CHECK_CONCURRENCY=N checks N exercises at a time (default: 2, or 1 on one core).
 * Content (MDX, frontmatter, references) is checked by scripts/check-content.ts; this proves the
 * graders. Exits 1 on any problem, naming the file and what to fix.
 */
import os from 'node:os';
import path from 'node:path';
import { checkBundleCanaries, checkExercise, checkStructure } from '../lib/grading/course-check.server';
import { findAppRoot } from '../lib/grading/sandbox/build-child';
import { listExercises } from '../lib/grading/grader-registry.server';
import { getDefaultPool } from '../lib/grading/sandbox/pool';

const args = process.argv.slice(2);
const only = args.includes('--exercise') ? args[args.indexOf('--exercise') + 1] : undefined;
const root = findAppRoot();
const CONCURRENCY = Math.max(1, Number(process.env.COURSE_CHECK_CONCURRENCY ?? Math.min(2, os.cpus().length)) || 1);
// One warm spare per lane, so neither lane waits for a cold child.
process.env.GRADER_POOL_SIZE ??= String(CONCURRENCY);
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
  // Exercises are checked side by side (each grade is its own jailed process, so they share
  // nothing); reports print in course order as soon as every earlier one is done.
  const slots = Array.from({ length: CONCURRENCY }, () => Promise.resolve());
  const reports = entries.map((entry, i) => {
    const report = slots[i % CONCURRENCY]!.then(() => checkExercise(entry));
    slots[i % CONCURRENCY] = report.then(() => undefined, () => undefined);
    return report;
  });
  for (const [i, entry] of entries.entries()) {
    const report = await reports[i]!;
    console.log(`\n${entry.relDir} (${entry.meta.slug})`);
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

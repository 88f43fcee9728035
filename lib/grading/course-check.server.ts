/**
 * The course check: proves every exercise's grader before learners meet it. Structure (graders/
 * mirrors exercises/, required files, unique ids), then behaviour through the real server grader:
 * the solution scores 1 twice with identical results within its time budget, the starter does not
 * pass, every mutant loses points. Bundle confidentiality is checked separately after a build
 * (checkBundleCanaries). Every problem names the file and what to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listExercises, loadGrader, type ExerciseEntry } from './grader-registry.server';
import type { GradeResult } from './result-schema';
import { gradeCode } from './server-grade';

export type CheckLine = { ok: boolean; text: string };

const REQUIRED_GRADER_FILES = ['probes.ts', 'public.ts', 'hidden.ts', 'solution.ts'];
const MIN_MUTANTS = 3;

export async function checkStructure(courseRoot: string): Promise<string[]> {
  const problems: string[] = [];
  const exerciseDirs = listPairs(path.join(courseRoot, 'exercises'));
  const graderDirs = listPairs(path.join(courseRoot, 'graders'));
  for (const rel of exerciseDirs) {
    if (!graderDirs.includes(rel)) problems.push(`exercises/${rel}: has no grader; create graders/${rel}/ with ${REQUIRED_GRADER_FILES.join(', ')}`);
  }
  for (const rel of graderDirs) {
    if (!exerciseDirs.includes(rel)) problems.push(`graders/${rel}: has no exercise; create exercises/${rel}/meta.json or remove the grader`);
  }
  for (const rel of exerciseDirs.filter((r) => graderDirs.includes(r))) {
    for (const file of REQUIRED_GRADER_FILES) {
      if (!fs.existsSync(path.join(courseRoot, 'graders', rel, file))) problems.push(`graders/${rel}/${file}: missing`);
    }
    for (const file of ['meta.json', 'starter.ts']) {
      if (!fs.existsSync(path.join(courseRoot, 'exercises', rel, file))) problems.push(`exercises/${rel}/${file}: missing`);
    }
    const mutants = listMutants(path.join(courseRoot, 'graders', rel));
    if (mutants.length < MIN_MUTANTS) {
      problems.push(`graders/${rel}/mutants/: ${mutants.length} mutant(s); ship at least ${MIN_MUTANTS} known-wrong implementations`);
    }
    for (const [file, name] of [['hidden.ts', 'HIDDEN_CANARY'], ['solution.ts', 'SOLUTION_CANARY']] as const) {
      const full = path.join(courseRoot, 'graders', rel, file);
      if (fs.existsSync(full) && !readCanary(full, name)) {
        problems.push(`graders/${rel}/${file}: export const ${name} = 'canary-...' is missing (it proves the file never reaches the browser)`);
      }
    }
  }
  let entries: ExerciseEntry[] = [];
  try {
    entries = await listExercises(courseRoot);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const seen = new Map<string, string>();
  for (const e of entries) {
    for (const key of [`uuid ${e.meta.uuid}`, `slug ${e.meta.slug}`]) {
      const other = seen.get(key);
      if (other) problems.push(`exercises/${e.relDir}/meta.json: ${key} is also used by exercises/${other}`);
      seen.set(key, e.relDir);
    }
  }
  return problems;
}

export type ExerciseReport = { relDir: string; lines: CheckLine[] };

export async function checkExercise(entry: ExerciseEntry): Promise<ExerciseReport> {
  const lines: CheckLine[] = [];
  const rel = entry.relDir;
  const add = (ok: boolean, text: string) => lines.push({ ok, text });
  let grader;
  try {
    grader = await loadGrader(entry);
  } catch (error) {
    add(false, `graders/${rel}: grader does not load: ${error instanceof Error ? error.message : String(error)}`);
    return { relDir: rel, lines };
  }
  const taskIds = new Set(entry.meta.tasks.map((t) => t.id));
  for (const test of grader.tests) {
    if (!taskIds.has(test.task)) add(false, `graders/${rel}: test "${test.id}" names task ${test.task}, which meta.json does not list`);
  }
  for (const task of entry.meta.tasks) {
    if (!grader.tests.some((t) => t.task === task.id)) add(false, `graders/${rel}: no test checks task ${task.id} ("${task.title}")`);
  }
  for (const test of grader.tests) {
    if (test.needsRef && grader.publicTestIds.has(test.id)) {
      add(false, `graders/${rel}/public.ts: test "${test.id}" sets needsRef, but the browser has no reference solution; move it to hidden.ts`);
    }
  }
  if (grader.publicTestIds.size === 0) add(false, `graders/${rel}/public.ts: no public tests; learners need at least one to Run against`);

  const graderDir = path.join(entry.courseRoot, 'graders', rel);
  const grade = (code: string) => gradeCode({ exercise: entry.meta.uuid, code, courseRoot: entry.courseRoot });
  const solution = fs.readFileSync(path.join(graderDir, 'solution.ts'), 'utf8');
  const first = await grade(solution);
  const second = await grade(solution);
  add(first.score === 1 && first.status === 'pass', `solution scores 1 (got ${describe(first)})${first.score === 1 ? '' : `: fix graders/${rel}/solution.ts or the failing test`}`);
  add(sameGrade(first, second), 'two runs of the solution give identical results' + (sameGrade(first, second) ? '' : ': something is not seeded'));
  add(first.durationMs <= entry.meta.timeLimitMs, `solution graded within its time budget (${first.durationMs} ms of ${entry.meta.timeLimitMs} ms)`);
  const leak = first.tests.find((t) => /leak|left \d+ tensors?|tensor\(s\) behind/i.test(t.message) && t.status !== 'pass');
  add(!leak, 'solution leaks no tensors' + (leak ? `: ${leak.id}: ${leak.message}` : ''));

  const starter = await grade(fs.readFileSync(path.join(entry.exerciseDir, 'starter.ts'), 'utf8'));
  add(starter.score < 1, `starter does not pass (got ${describe(starter)})` + (starter.score < 1 ? '' : `: exercises/${rel}/starter.ts must leave work to do`));

  // Correct solutions written in other styles: the grader must not over-constrain learners.
  for (const file of listTsFiles(path.join(graderDir, 'variants'))) {
    const result = await grade(fs.readFileSync(path.join(graderDir, 'variants', file), 'utf8'));
    add(
      result.score === 1,
      `variant ${file} (another correct style) scores 1` + (result.score === 1 ? '' : ` but got ${describe(result)}: a test rejects correct code`),
    );
  }

  for (const file of listMutants(graderDir)) {
    const source = fs.readFileSync(path.join(graderDir, 'mutants', file), 'utf8');
    const what = source.match(/^\/\/\s*mutant:\s*(.+)$/m)?.[1]?.trim() ?? 'no "// mutant:" description';
    const result = await grade(source);
    const caughtBy = result.tests.filter((t) => t.status !== 'pass').map((t) => t.id);
    const ok = result.status === 'fail' && result.score < 1;
    add(
      ok,
      `mutant ${file} (${what}) ${ok ? `fails: caught by ${caughtBy.join(', ')}` : `is NOT caught (${describe(result)}): add a test in graders/${rel}/ that this mistake fails`}`,
    );
  }
  return { relDir: rel, lines };
}

/** Searches built client assets for each hidden/solution canary; any hit is a leak. */
export function checkBundleCanaries(courseRoot: string, assetDirs: ReadonlyArray<string>): string[] {
  const canaries: Array<{ value: string; file: string }> = [];
  for (const rel of listPairs(path.join(courseRoot, 'graders'))) {
    for (const [file, name] of [['hidden.ts', 'HIDDEN_CANARY'], ['solution.ts', 'SOLUTION_CANARY']] as const) {
      const full = path.join(courseRoot, 'graders', rel, file);
      const value = fs.existsSync(full) ? readCanary(full, name) : undefined;
      if (value) canaries.push({ value, file: `graders/${rel}/${file}` });
    }
  }
  const problems: string[] = [];
  const existing = assetDirs.filter((d) => fs.existsSync(d));
  if (existing.length === 0) return ['no built client assets found: run the build before the canary check'];
  for (const dir of existing) {
    for (const file of walk(dir)) {
      const text = fs.readFileSync(file, 'latin1');
      for (const canary of canaries) {
        if (text.includes(canary.value)) problems.push(`${canary.file} leaked into the client bundle: ${path.relative(courseRoot, file)}`);
      }
    }
  }
  return problems;
}

function readCanary(file: string, name: string): string | undefined {
  const match = fs.readFileSync(file, 'utf8').match(new RegExp(`export const ${name}\\s*=\\s*['"]([^'"]{8,})['"]`));
  return match?.[1];
}

function sameGrade(a: GradeResult, b: GradeResult): boolean {
  const strip = (r: GradeResult) => JSON.stringify({ ...r, durationMs: 0, tests: r.tests.map((t) => ({ ...t, durationMs: 0 })) });
  return strip(a) === strip(b);
}

function describe(r: GradeResult): string {
  return r.status === 'error' ? `${r.verdict ?? 'error'}: ${r.message ?? ''}` : `${r.status}, score ${r.score}`;
}

function listPairs(base: string): string[] {
  if (!fs.existsSync(base)) return [];
  const out: string[] = [];
  for (const m of fs.readdirSync(base, { withFileTypes: true })) {
    if (!m.isDirectory()) continue;
    for (const e of fs.readdirSync(path.join(base, m.name), { withFileTypes: true })) {
      if (e.isDirectory()) out.push(`${m.name}/${e.name}`);
    }
  }
  return out.sort();
}

function listMutants(graderDir: string): string[] {
  return listTsFiles(path.join(graderDir, 'mutants'));
}

function listTsFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort() : [];
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.(js|mjs|cjs|html|json|txt|map)$/.test(entry.name)) yield full;
  }
}

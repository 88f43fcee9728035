/**
 * Grades one learner file through the real server sandbox (the same path as a submission).
 *
 *   npx tsx scripts/grade.ts <exercise-slug|uuid|path> <file.ts> [--json] [--root <course-root>]
 *
 * Exit codes: 0 graded (any score, including "could not grade" verdicts), 1 machine/config
 * problem, 2 usage error (bad arguments, unknown exercise, unreadable file).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExerciseNotFoundError, findExercise } from '@/lib/grading/grader-registry.server';
import type { GradeResult } from '@/lib/grading/result-schema';
import { closeDefaultPool } from '@/lib/grading/sandbox/pool';
import { gradeCode } from '@/lib/grading/server-grade';

const USAGE = 'usage: npx tsx scripts/grade.ts <exercise-slug|uuid|path> <file.ts> [--json] [--root <course-root>]';

type Args = { exercise: string; file: string; json: boolean; root: string | undefined };

function parseArgs(argv: string[]): Args | string {
  const positional: string[] = [];
  let json = false;
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--root') {
      root = argv[++i];
      if (!root) return '--root needs a folder';
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  const [exercise, file] = positional;
  if (!exercise || !file || positional.length > 2) return 'expected an exercise and a file';
  return { exercise, file, json, root };
}

/** A path inside `<root>/exercises/...` or `<root>/graders/...` names its course root too. */
function inferRoot(exercise: string): string | undefined {
  const abs = path.resolve(exercise);
  const match = abs.match(/^(.*)[/\\](exercises|graders)[/\\][^/\\]+[/\\][^/\\]+[/\\]?$/);
  return match?.[1];
}

function table(result: GradeResult, title: string): string {
  const lines = [
    `${title}  (grader ${result.graderVersion}, ${result.durationMs} ms)`,
    `Status: ${result.status}${result.verdict ? ` (${result.verdict})` : ''}   score ${result.score.toFixed(3)}`,
  ];
  if (result.message) lines.push(result.message);
  lines.push('');
  const width = Math.max(4, ...result.tests.map((t) => t.id.length));
  lines.push(`${'test'.padEnd(width)}  status  points  message`);
  for (const t of result.tests) {
    const points = `${t.points}/${t.maxPoints}`.padEnd(6);
    lines.push(`${t.id.padEnd(width)}  ${t.status.padEnd(6)}  ${points}  ${t.message}`);
    if (t.output) lines.push(...t.output.trimEnd().split('\n').slice(0, 10).map((l) => `${' '.repeat(width + 2)}| ${l}`));
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const courseRoot = args.root ? path.resolve(args.root) : inferRoot(args.exercise);
  let code: string;
  try {
    code = await readFile(args.file, 'utf8');
  } catch (error) {
    console.error(`cannot read ${args.file}: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const entry = await findExercise(args.exercise, courseRoot);
    const result = await gradeCode({ exercise: entry.meta.uuid, code, courseRoot: entry.courseRoot });
    console.log(args.json ? JSON.stringify(result, null, 2) : table(result, `${entry.meta.title} [${entry.relDir}]`));
    return 0;
  } catch (error) {
    if (error instanceof ExerciseNotFoundError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await closeDefaultPool();
  }
}

main().then((code) => process.exit(code));

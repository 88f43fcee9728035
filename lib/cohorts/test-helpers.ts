import 'server-only';
import type { Db } from '@/lib/db/client';
import { insertUser } from '@/lib/db/users';
import { allExercises } from '@/lib/exercises/catalogue';
import type { GradeResult } from '@/lib/grading/result-schema';

/** Factories for the cohort tests (vitest only). */

export async function makeUser(db: Db, role = 'student', name = 'Test'): Promise<string> {
  const user = await insertUser(db, {
    email: `u${Math.random().toString(36).slice(2)}@example.test`,
    name,
    passwordHash: 'x',
    role,
  });
  return user.id;
}

export function gradeResult(failing: ReadonlyArray<{ id: string; message: string }>, passing: ReadonlyArray<string> = ['ok']): GradeResult {
  const tests = [
    ...passing.map((id) => ({ id, name: `Test ${id}`, task: 1, status: 'pass' as const, message: '', points: 1, maxPoints: 1 })),
    ...failing.map((t) => ({ id: t.id, name: `Test ${t.id}`, task: 1, status: 'fail' as const, message: t.message, points: 0, maxPoints: 1 })),
  ];
  const score = tests.length ? passing.length / tests.length : 0;
  return { version: 1, status: failing.length ? 'fail' : 'pass', score, tests, graderVersion: 'v-test', durationMs: 1 };
}

/** A graded submission created at a given time (the queue and grader are not under test here). */
export async function makeGraded(
  db: Db,
  userId: string,
  exerciseUuid: string,
  score: number,
  createdAt: Date,
  options: { outcome?: 'pass' | 'fail' | 'error'; code?: string; result?: GradeResult } = {},
): Promise<string> {
  const outcome = options.outcome ?? (score >= 1 ? 'pass' : 'fail');
  const row = await db.submission.create({
    data: {
      userId,
      exerciseUuid,
      code: options.code ?? `// score ${score}\n`,
      codeHash: 'h',
      seed: 1,
      status: 'DONE',
      outcome,
      score,
      result: JSON.stringify(options.result ?? gradeResult(score >= 1 ? [] : [{ id: 'x', message: 'wrong' }])),
      createdAt,
      gradedAt: createdAt,
    },
    select: { id: true },
  });
  return row.id;
}

/** Two exercises of the first module, whatever the course holds today. */
export function twoExercises(): [string, string] {
  const list = allExercises();
  const first = list[0]!;
  const second = list.find((e) => e.relDir.split('/')[0] === first.relDir.split('/')[0] && e !== first) ?? list[1]!;
  return [first.meta.uuid, second.meta.uuid];
}

export const DAY = 24 * 60 * 60 * 1000;

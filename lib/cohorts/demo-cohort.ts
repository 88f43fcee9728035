import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { insertExtensionsBulk, insertMembersBulk, insertSubmissionsBulk, insertUsersBulk } from '@/lib/db/bulk';
import type { Db } from '@/lib/db/client';
import { upsertAssignments } from '@/lib/db/assignments';
import { insertCohort, selectCohortByJoinCode } from '@/lib/db/cohorts';
import { allExercises, readStarter } from '@/lib/exercises/catalogue';
import { generateDemoTerm, type DemoExercise } from './demo-data';

export type DemoCohortOptions = {
  students: number;
  ownerId: string;
  name: string;
  joinCode: string;
  /** One bcrypt hash shared by every demo student: hashing thousands would take minutes. */
  passwordHash: string;
  seed?: number;
  now?: Date;
  /** Existing accounts to add as students too (the documented demo student). */
  extraStudentIds?: string[];
};

export type DemoCohortResult = { cohortId: string; students: number; submissions: number; assignments: number; ms: number; skipped: boolean };

/** A cohort with `students` demo students and a term of submissions across every exercise, in bulk. */
export async function seedDemoCohort(db: Db, options: DemoCohortOptions): Promise<DemoCohortResult> {
  const started = performance.now();
  const existing = await selectCohortByJoinCode(db, options.joinCode);
  if (existing) return { cohortId: existing.id, students: 0, submissions: 0, assignments: 0, ms: 0, skipped: true };
  const now = options.now ?? new Date();
  const exercises: DemoExercise[] = allExercises().map((e) => ({
    uuid: e.meta.uuid,
    title: e.meta.title,
    tasks: e.meta.tasks.map((t) => t.title),
    starter: readStarter(e),
  }));
  const term = generateDemoTerm(exercises, options.students, now, options.seed ?? 1);
  const cohort = await insertCohort(db, { name: options.name, ownerId: options.ownerId, joinCode: options.joinCode, latePolicy: 'mark' });
  const tag = options.joinCode.toLowerCase();
  const ids = term.students.map(() => randomUUID().replace(/-/g, ''));
  await insertUsersBulk(
    db,
    term.students.map((s, i) => ({
      id: ids[i]!,
      email: `student${String(s.index + 1).padStart(4, '0')}.${tag}@demo.example.test`,
      name: s.name,
      passwordHash: options.passwordHash,
      role: 'student',
      createdAt: s.joinedAt,
    })),
  );
  await insertMembersBulk(db, [
    ...term.students.map((s, i) => ({ cohortId: cohort.id, userId: ids[i]!, role: 'student', joinedAt: s.joinedAt })),
    ...(options.extraStudentIds ?? []).map((userId) => ({ cohortId: cohort.id, userId, role: 'student' })),
  ]);
  const assignments = await upsertAssignments(db, cohort.id, exercises.map((e, i) => ({ exerciseUuid: e.uuid, dueAt: term.dueDates[i]! })));
  const assignmentByExercise = new Map(assignments.map((a) => [a.exerciseUuid, a.id]));
  const hashes = new Map<string, string>();
  const hash = (code: string) => hashes.get(code) ?? hashes.set(code, createHash('sha256').update(code).digest('hex')).get(code)!;
  await insertSubmissionsBulk(
    db,
    term.submissions.map((s) => ({
      userId: ids[s.student]!,
      exerciseUuid: exercises[s.exercise]!.uuid,
      code: s.code,
      codeHash: hash(s.code),
      seed: 1,
      status: 'DONE',
      outcome: s.outcome,
      score: s.score,
      result: JSON.stringify(s.result),
      graderVersionId: null,
      createdAt: s.createdAt,
      gradedAt: new Date(s.createdAt.getTime() + 1500),
    })),
    250,
  );
  await insertExtensionsBulk(
    db,
    term.extensions.map((x) => ({ assignmentId: assignmentByExercise.get(exercises[x.exercise]!.uuid)!, userId: ids[x.student]!, dueAt: x.dueAt })),
  );
  return {
    cohortId: cohort.id,
    students: term.students.length,
    submissions: term.submissions.length,
    assignments: assignments.length,
    ms: performance.now() - started,
    skipped: false,
  };
}

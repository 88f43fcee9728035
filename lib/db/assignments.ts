import 'server-only';
import type { Db } from './client';
import { writeFirst } from './write-first';

export type AssignmentRow = { id: string; cohortId: string; exerciseUuid: string; dueAt: Date; createdAt: Date };
export type ExtensionRow = { assignmentId: string; userId: string; dueAt: Date };

const assignmentFields = { id: true, cohortId: true, exerciseUuid: true, dueAt: true, createdAt: true } as const;

/**
 * One row per exercise and cohort: assigning an exercise again moves its due date. Each item is
 * written first (write-first.ts), not with Prisma's upsert. Items are independent, so a failure
 * part-way leaves the earlier ones assigned and a retry finishes the rest.
 */
export async function upsertAssignments(
  db: Db,
  cohortId: string,
  items: ReadonlyArray<{ exerciseUuid: string; dueAt: Date }>,
): Promise<AssignmentRow[]> {
  for (const { exerciseUuid, dueAt } of items) {
    await writeFirst(
      () => db.assignment.updateMany({ where: { cohortId, exerciseUuid }, data: { dueAt } }),
      () => db.assignment.create({ data: { cohortId, exerciseUuid, dueAt }, select: { id: true } }),
    );
  }
  return db.assignment.findMany({
    where: { cohortId, exerciseUuid: { in: items.map((i) => i.exerciseUuid) } },
    select: assignmentFields,
  });
}

export async function selectAssignments(db: Db, cohortId: string): Promise<AssignmentRow[]> {
  return db.assignment.findMany({
    where: { cohortId },
    select: assignmentFields,
    orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }],
  });
}

/** Scoped by cohort: an assignment id from another cohort reads as missing. */
export async function selectAssignment(db: Db, cohortId: string, id: string): Promise<AssignmentRow | null> {
  return db.assignment.findFirst({ where: { id, cohortId }, select: assignmentFields });
}

export async function updateAssignmentDue(db: Db, cohortId: string, id: string, dueAt: Date): Promise<boolean> {
  const updated = await db.assignment.updateMany({ where: { id, cohortId }, data: { dueAt } });
  return updated.count === 1;
}

export async function deleteAssignment(db: Db, cohortId: string, id: string): Promise<boolean> {
  const deleted = await db.assignment.deleteMany({ where: { id, cohortId } });
  return deleted.count === 1;
}

export async function upsertExtension(db: Db, assignmentId: string, userId: string, dueAt: Date): Promise<void> {
  await writeFirst(
    () => db.extension.updateMany({ where: { assignmentId, userId }, data: { dueAt } }),
    () => db.extension.create({ data: { assignmentId, userId, dueAt }, select: { assignmentId: true } }),
  );
}

export async function deleteExtension(db: Db, assignmentId: string, userId: string): Promise<boolean> {
  const deleted = await db.extension.deleteMany({ where: { assignmentId, userId } });
  return deleted.count === 1;
}

/** Extensions of the given assignments (by primary-key prefix; never a scan of all extensions). */
export async function selectExtensions(db: Db, assignmentIds: ReadonlyArray<string>, userId?: string): Promise<ExtensionRow[]> {
  if (assignmentIds.length === 0) return [];
  return db.extension.findMany({
    where: { assignmentId: { in: [...assignmentIds] }, ...(userId ? { userId } : {}) },
    select: { assignmentId: true, userId: true, dueAt: true },
  });
}

export type StudentAssignmentRow = AssignmentRow & { cohortName: string; extendedDueAt: Date | null };

/** Assignments of every cohort the user studies in, with their own extension if any. */
export async function selectAssignmentsForStudent(db: Db, userId: string): Promise<StudentAssignmentRow[]> {
  const memberships = await db.cohortMember.findMany({
    where: { userId, role: 'student' },
    select: { cohortId: true, cohort: { select: { name: true } } },
  });
  if (memberships.length === 0) return [];
  const names = new Map(memberships.map((m) => [m.cohortId, m.cohort.name]));
  const assignments = await db.assignment.findMany({
    where: { cohortId: { in: memberships.map((m) => m.cohortId) } },
    select: assignmentFields,
  });
  const extensions = await db.extension.findMany({ where: { userId }, select: { assignmentId: true, dueAt: true } });
  const extended = new Map(extensions.map((e) => [e.assignmentId, e.dueAt]));
  return assignments.map((a) => ({ ...a, cohortName: names.get(a.cohortId) ?? '', extendedDueAt: extended.get(a.id) ?? null }));
}

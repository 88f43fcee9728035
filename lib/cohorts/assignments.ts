import 'server-only';
import type { Db } from '@/lib/db/client';
import {
  deleteAssignment,
  deleteExtension,
  selectAssignment,
  selectAssignments,
  updateAssignmentDue,
  upsertAssignments,
  upsertExtension,
  type AssignmentRow,
} from '@/lib/db/assignments';
import { selectMember } from '@/lib/db/cohorts';
import { HttpError } from '@/lib/http/responses';
import { assertId, requireCohortStaff } from './access';
import { buildExerciseIndex, exerciseTitle, type ExerciseIndex } from './exercise-index';
import type { AddAssignmentBody } from './schemas';

export type AssignmentView = AssignmentRow & {
  title: string;
  slug: string | null;
  lessonPath: string | null;
};

/** The cohort's assignments with exercise titles, by due date then course order. */
export async function listAssignments(db: Db, cohortId: string, index: ExerciseIndex = buildExerciseIndex()): Promise<AssignmentView[]> {
  const rows = await selectAssignments(db, cohortId);
  const order = (uuid: string) => index.byUuid.get(uuid)?.order ?? Number.MAX_SAFE_INTEGER;
  rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || order(a.exerciseUuid) - order(b.exerciseUuid));
  return rows.map((row) => {
    const info = index.byUuid.get(row.exerciseUuid);
    return { ...row, title: exerciseTitle(index, row.exerciseUuid), slug: info?.slug ?? null, lessonPath: info?.lessonPath ?? null };
  });
}

/**
 * Assigns one exercise, or every exercise of a module (one assignment each, so the gradebook has a
 * column per exercise; exercises added to the module later are not assigned automatically).
 * Assigning an exercise that is already assigned moves its due date.
 */
export async function addAssignments(db: Db, actorId: string, cohortId: string, body: AddAssignmentBody): Promise<AssignmentRow[]> {
  await requireCohortStaff(db, actorId, cohortId);
  const index = buildExerciseIndex();
  let uuids: string[];
  if (body.exerciseUuid) {
    if (!index.byUuid.has(body.exerciseUuid)) throw new HttpError(404, 'No such exercise.');
    uuids = [body.exerciseUuid];
  } else {
    const module = index.modules.find((m) => m.slug === body.moduleSlug);
    if (!module || module.exerciseUuids.length === 0) throw new HttpError(404, 'No exercises in that module yet.');
    uuids = module.exerciseUuids;
  }
  return upsertAssignments(db, cohortId, uuids.map((exerciseUuid) => ({ exerciseUuid, dueAt: body.dueAt })));
}

export async function changeDueDate(db: Db, actorId: string, cohortId: string, assignmentId: string, dueAt: Date): Promise<void> {
  await requireCohortStaff(db, actorId, cohortId);
  if (!(await updateAssignmentDue(db, cohortId, assertId(assignmentId, 'assignment'), dueAt))) {
    throw new HttpError(404, 'No such assignment.');
  }
}

export async function removeAssignment(db: Db, actorId: string, cohortId: string, assignmentId: string): Promise<void> {
  await requireCohortStaff(db, actorId, cohortId);
  if (!(await deleteAssignment(db, cohortId, assertId(assignmentId, 'assignment')))) {
    throw new HttpError(404, 'No such assignment.');
  }
}

async function requireStudentAssignment(db: Db, cohortId: string, assignmentId: string, userId: string): Promise<AssignmentRow> {
  const assignment = await selectAssignment(db, cohortId, assertId(assignmentId, 'assignment'));
  if (!assignment) throw new HttpError(404, 'No such assignment.');
  const member = await selectMember(db, cohortId, assertId(userId, 'student'));
  if (!member || member.role !== 'student') throw new HttpError(404, 'No such student in this cohort.');
  return assignment;
}

/** A per-student due date; it replaces the assignment's and re-decides lateness at once. */
export async function setExtension(
  db: Db,
  actorId: string,
  cohortId: string,
  assignmentId: string,
  userId: string,
  dueAt: Date,
): Promise<void> {
  await requireCohortStaff(db, actorId, cohortId);
  const assignment = await requireStudentAssignment(db, cohortId, assignmentId, userId);
  await upsertExtension(db, assignment.id, userId, dueAt);
}

export async function clearExtension(db: Db, actorId: string, cohortId: string, assignmentId: string, userId: string): Promise<void> {
  await requireCohortStaff(db, actorId, cohortId);
  const assignment = await requireStudentAssignment(db, cohortId, assignmentId, userId);
  await deleteExtension(db, assignment.id, userId);
}

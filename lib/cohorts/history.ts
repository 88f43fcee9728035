import 'server-only';
import type { Db } from '@/lib/db/client';
import { selectExtensions } from '@/lib/db/assignments';
import { selectSubmissionDetail, selectSubmissionHistory, type HistoryRow } from '@/lib/db/cohort-stats';
import { selectMember, type CohortRow, type MemberRow } from '@/lib/db/cohorts';
import { GradeResultSchema, type GradeResult } from '@/lib/grading/result-schema';
import { HttpError } from '@/lib/http/responses';
import { assertId, requireCohortStaff } from './access';
import { listAssignments, type AssignmentView } from './assignments';
import { effectiveDue } from './late-policy';
import { diffLines, type DiffLine } from './line-diff';

export const HISTORY_LIMIT = 50;

export type HistoryEntry = HistoryRow & { late: boolean };
export type SubmissionView = HistoryEntry & { code: string; result: GradeResult | null };

export type StudentHistory = {
  cohort: CohortRow;
  student: Pick<MemberRow, 'userId' | 'name' | 'email' | 'joinedAt'>;
  assignments: Array<AssignmentView & { extendedDueAt: Date | null }>;
  selected: (AssignmentView & { extendedDueAt: Date | null }) | null;
  submissions: HistoryEntry[];
  current: SubmissionView | null;
  /** The attempt `current` is compared with (by default the one before it) and the line diff. */
  compare: { base: HistoryEntry; diff: DiffLine[] } | null;
};

/** compareId: another submission to diff against; omitted = the attempt before; null = no diff. */
export type HistoryOptions = { assignmentId?: string; submissionId?: string; compareId?: string | null };

/**
 * A student's submissions of the cohort's assigned exercises, for the cohort's instructors only.
 * Submissions of exercises the cohort did not assign stay private to the student.
 */
export async function loadStudentHistory(
  db: Db,
  actorId: string,
  cohortId: string,
  studentId: string,
  options: HistoryOptions = {},
): Promise<StudentHistory> {
  const { cohort } = await requireCohortStaff(db, actorId, cohortId);
  const member = await selectMember(db, cohortId, assertId(studentId, 'student'));
  if (!member || member.role !== 'student') throw new HttpError(404, 'No such student in this cohort.');
  const base = await listAssignments(db, cohortId);
  const extensions = await selectExtensions(db, base.map((a) => a.id), member.userId);
  const extended = new Map(extensions.map((e) => [e.assignmentId, e.dueAt]));
  const assignments = base.map((a) => ({ ...a, extendedDueAt: extended.get(a.id) ?? null }));
  const selected = options.assignmentId
    ? assignments.find((a) => a.id === options.assignmentId)
    : assignments[0];
  if (options.assignmentId && !selected) throw new HttpError(404, 'No such assignment.');
  const student = { userId: member.userId, name: member.name, email: member.email, joinedAt: member.joinedAt };
  if (!selected) return { cohort, student, assignments, selected: null, submissions: [], current: null, compare: null };

  const due = effectiveDue(selected.dueAt, selected.extendedDueAt);
  const graded = (row: HistoryRow) => row.outcome === 'pass' || row.outcome === 'fail';
  const entry = (row: HistoryRow): HistoryEntry => ({ ...row, late: graded(row) && row.createdAt > due });
  const submissions = (await selectSubmissionHistory(db, member.userId, selected.exerciseUuid, HISTORY_LIMIT)).map(entry);

  const load = async (id: string | undefined): Promise<SubmissionView | null> => {
    if (!id) return null;
    const row = await selectSubmissionDetail(db, assertId(id, 'submission'));
    // Scoped to this student and this assignment's exercise: any other id reads as missing.
    if (!row || row.userId !== member.userId || row.exerciseUuid !== selected.exerciseUuid) {
      throw new HttpError(404, 'No such submission.');
    }
    const parsed = row.result ? GradeResultSchema.safeParse(safeJson(row.result)) : null;
    const { userId: _userId, result: _result, code, ...rest } = row;
    return { ...entry(rest), code, result: parsed?.success ? parsed.data : null };
  };
  const current = await load(options.submissionId ?? submissions[0]?.id);
  let compare: StudentHistory['compare'] = null;
  if (current && options.compareId !== null) {
    const position = submissions.findIndex((s) => s.id === current.id);
    const baseId = options.compareId ?? (position >= 0 ? submissions[position + 1]?.id : undefined);
    const other = baseId && baseId !== current.id ? await load(baseId) : null;
    if (other) {
      const { code, result: _r, ...meta } = other;
      compare = { base: meta, diff: diffLines(code, current.code) };
    }
  }
  return { cohort, student, assignments, selected, submissions, current, compare };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

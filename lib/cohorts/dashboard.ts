import 'server-only';
import type { Db } from '@/lib/db/client';
import { selectExtensions } from '@/lib/db/assignments';
import { selectCohortActivity, selectMatrixAggregates, selectRecentResults, type ActivityDayRow } from '@/lib/db/cohort-stats';
import { selectMembers, type CohortRow } from '@/lib/db/cohorts';
import { HttpError } from '@/lib/http/responses';
import { assertId, requireCohortStaff } from './access';
import { listAssignments, type AssignmentView } from './assignments';
import { RECENT_RESULTS_PER_EXERCISE, summarizeFailingTests, type FailingTest } from './failing-tests';
import type { CellAggregate, LatePolicy } from './late-policy';
import {
  assignmentStats,
  buildRows,
  cellKey,
  queryRows,
  type AssignmentStats,
  type MatrixPage,
  type MatrixQuery,
  type StudentRow,
} from './matrix';

export const ACTIVITY_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CohortData = {
  cohort: CohortRow;
  policy: LatePolicy;
  isOwner: boolean;
  assignments: AssignmentView[];
  rows: StudentRow[];
};

/**
 * Every student's row of the cohort: a few indexed reads (access, assignments, members,
 * extensions, one aggregate over the members' submissions of assigned exercises), then plain
 * computation. Sorting
 * by total or activity needs every row, so paging happens after this, on at most a cohort's rows.
 */
export async function loadCohortData(db: Db, actorId: string, cohortId: string, now = new Date()): Promise<CohortData> {
  const access = await requireCohortStaff(db, actorId, cohortId);
  const [assignments, members, aggregates] = await Promise.all([
    listAssignments(db, cohortId),
    selectMembers(db, cohortId, 'student'),
    selectMatrixAggregates(db, cohortId),
  ]);
  const extensions = await selectExtensions(db, assignments.map((a) => a.id));
  const byCell = new Map<string, CellAggregate>(aggregates.map((a) => [cellKey(a.userId, a.assignmentId), a]));
  const extended = new Map(extensions.map((e) => [cellKey(e.userId, e.assignmentId), e.dueAt]));
  const students = members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, joinedAt: m.joinedAt }));
  const rows = buildRows(students, assignments, byCell, access.policy, now, extended);
  return { cohort: access.cohort, policy: access.policy, isOwner: access.isOwner, assignments, rows };
}

export type ActivityPoint = ActivityDayRow;

export type CohortDashboard = Omit<CohortData, 'rows'> & {
  studentCount: number;
  strugglingCount: number;
  stats: AssignmentStats[];
  activity: ActivityPoint[];
  page: MatrixPage;
};

export async function loadCohortDashboard(db: Db, actorId: string, cohortId: string, query: MatrixQuery, now = new Date()): Promise<CohortDashboard> {
  const data = await loadCohortData(db, actorId, cohortId, now);
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (ACTIVITY_DAYS - 1) * DAY_MS);
  const activity = fillDays(await selectCohortActivity(db, cohortId, since), since, ACTIVITY_DAYS);
  const { rows, ...rest } = data;
  return {
    ...rest,
    studentCount: rows.length,
    strugglingCount: rows.filter((r) => r.struggling.length > 0).length,
    stats: assignmentStats(rows, data.assignments),
    activity,
    page: queryRows(rows, query),
  };
}

/** One point per day, zeros included, so the chart's x axis is time and not "days with data". */
export function fillDays(rows: ReadonlyArray<ActivityDayRow>, since: Date, days: number): ActivityPoint[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, submissions: 0, students: 0 };
  });
}

export type AssignmentInsights = {
  cohort: CohortRow;
  assignment: AssignmentView;
  stats: AssignmentStats;
  failing: { read: number; tests: FailingTest[] };
  notPassed: Array<Pick<StudentRow, 'userId' | 'name' | 'email' | 'struggling'> & { attempts: number; best: number | null }>;
};

/** One assignment in depth: pass rate, the tests that fail most (recent results only), who has not passed. */
export async function loadAssignmentInsights(db: Db, actorId: string, cohortId: string, assignmentId: string, now = new Date()): Promise<AssignmentInsights> {
  assertId(assignmentId, 'assignment');
  const data = await loadCohortData(db, actorId, cohortId, now);
  const i = data.assignments.findIndex((a) => a.id === assignmentId);
  const assignment = data.assignments[i];
  if (!assignment) throw new HttpError(404, 'No such assignment.');
  const results = await selectRecentResults(db, cohortId, assignment.exerciseUuid, RECENT_RESULTS_PER_EXERCISE);
  return {
    cohort: data.cohort,
    assignment,
    stats: assignmentStats(data.rows, data.assignments)[i]!,
    failing: summarizeFailingTests(results),
    notPassed: data.rows
      .filter((r) => !r.cells[i]!.passed)
      .map((r) => ({ userId: r.userId, name: r.name, email: r.email, struggling: r.struggling, attempts: r.cells[i]!.attempts, best: r.cells[i]!.best }))
      .sort((a, b) => b.attempts - a.attempts || a.name.localeCompare(b.name)),
  };
}

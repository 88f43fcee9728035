import 'server-only';
import { dialectOf, type Db } from './client';

/**
 * The cohort dashboard's aggregate reads. They are raw SQL so that each is one statement whose plan
 * we can check (scripts/bench-dashboard.ts prints them): every join walks an index from the cohort's
 * members, so the work grows with the cohort's own submissions, never with the whole table.
 */

export type MatrixAggregateRow = {
  userId: string;
  assignmentId: string;
  attempts: number;
  failures: number;
  passes: number;
  best: number | null;
  /** Best score of submissions created by the student's (extended) due date. */
  bestOnTime: number | null;
  bestLate: number | null;
  lastAt: Date;
};

type RawMatrixRow = Record<keyof MatrixAggregateRow, unknown>;

/** Graded attempts only: "error" grades (could not run) cost no attempt and never count. */
export async function selectMatrixAggregates(db: Db, cohortId: string): Promise<MatrixAggregateRow[]> {
  const rows = await db.$queryRaw<RawMatrixRow[]>`
    SELECT m."userId" AS "userId", a."id" AS "assignmentId",
      COUNT(*) AS "attempts",
      SUM(CASE WHEN s."outcome" = 'fail' THEN 1 ELSE 0 END) AS "failures",
      SUM(CASE WHEN s."outcome" = 'pass' THEN 1 ELSE 0 END) AS "passes",
      MAX(s."score") AS "best",
      MAX(CASE WHEN s."createdAt" <= COALESCE(e."dueAt", a."dueAt") THEN s."score" END) AS "bestOnTime",
      MAX(CASE WHEN s."createdAt" > COALESCE(e."dueAt", a."dueAt") THEN s."score" END) AS "bestLate",
      MAX(s."createdAt") AS "lastAt"
    FROM "CohortMember" m
    JOIN "Assignment" a ON a."cohortId" = m."cohortId"
    JOIN "Submission" s ON s."userId" = m."userId" AND s."exerciseUuid" = a."exerciseUuid"
    LEFT JOIN "Extension" e ON e."assignmentId" = a."id" AND e."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId} AND m."role" = 'student' AND s."outcome" IN ('pass', 'fail')
    GROUP BY m."userId", a."id"`;
  return rows.map((r) => ({
    userId: String(r.userId),
    assignmentId: String(r.assignmentId),
    attempts: Number(r.attempts),
    failures: Number(r.failures),
    passes: Number(r.passes),
    best: nullableNumber(r.best),
    bestOnTime: nullableNumber(r.bestOnTime),
    bestLate: nullableNumber(r.bestLate),
    lastAt: toDate(r.lastAt),
  }));
}

export type ActivityDayRow = { day: string; submissions: number; students: number };

/** Submissions and distinct active students per UTC day since `since`, for the cohort's students. */
export async function selectCohortActivity(db: Db, cohortId: string, since: Date): Promise<ActivityDayRow[]> {
  // SQLite keeps DateTime as ISO-8601 text in UTC, so its first ten characters are the UTC day.
  const rows =
    dialectOf(db) === 'postgres'
      ? await db.$queryRaw<Array<Record<keyof ActivityDayRow, unknown>>>`
        SELECT to_char(s."createdAt", 'YYYY-MM-DD') AS "day", COUNT(*) AS "submissions", COUNT(DISTINCT s."userId") AS "students"
        FROM "CohortMember" m JOIN "Submission" s ON s."userId" = m."userId"
        WHERE m."cohortId" = ${cohortId} AND m."role" = 'student' AND s."createdAt" >= ${since}
        GROUP BY 1 ORDER BY 1`
      : await db.$queryRaw<Array<Record<keyof ActivityDayRow, unknown>>>`
        SELECT substr(s."createdAt", 1, 10) AS "day", COUNT(*) AS "submissions", COUNT(DISTINCT s."userId") AS "students"
        FROM "CohortMember" m JOIN "Submission" s ON s."userId" = m."userId"
        WHERE m."cohortId" = ${cohortId} AND m."role" = 'student' AND s."createdAt" >= ${since}
        GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: String(r.day), submissions: Number(r.submissions), students: Number(r.students) }));
}

/**
 * Result JSON of the latest `take` graded submissions of one exercise by the cohort's students.
 * Two steps, both walking from the members: the cut-off time comes from the covering index alone,
 * then only the rows at or after it are read for their JSON. The work is bounded by the cohort's
 * own submissions of the exercise, however busy the rest of the platform is.
 */
export async function selectRecentResults(db: Db, cohortId: string, exerciseUuid: string, take: number): Promise<string[]> {
  // CROSS JOIN pins SQLite's join order to members first (PostgreSQL plans it as a plain join):
  // otherwise SQLite walks the exercise's submissions newest first across the whole platform.
  const cutoff = await db.$queryRaw<Array<{ at: unknown }>>`
    SELECT s."createdAt" AS "at" FROM "CohortMember" m CROSS JOIN "Submission" s
    WHERE s."userId" = m."userId" AND s."exerciseUuid" = ${exerciseUuid}
      AND m."cohortId" = ${cohortId} AND m."role" = 'student' AND s."outcome" IN ('pass', 'fail')
    ORDER BY s."createdAt" DESC
    LIMIT 1 OFFSET ${take - 1}`;
  const since = cutoff[0] ? toDate(cutoff[0].at) : new Date(0);
  const rows = await db.$queryRaw<Array<{ result: unknown }>>`
    SELECT s."result" AS "result" FROM "CohortMember" m CROSS JOIN "Submission" s
    WHERE s."userId" = m."userId" AND s."exerciseUuid" = ${exerciseUuid}
      AND m."cohortId" = ${cohortId} AND m."role" = 'student' AND s."outcome" IN ('pass', 'fail') AND s."createdAt" >= ${since}
    ORDER BY s."createdAt" DESC
    LIMIT ${take}`;
  return rows.map((r) => (typeof r.result === 'string' ? r.result : '')).filter(Boolean);
}

export type HistoryRow = {
  id: string;
  exerciseUuid: string;
  status: string;
  outcome: string | null;
  score: number | null;
  createdAt: Date;
};

/** One student's submissions of one exercise, newest first (index userId, exerciseUuid, createdAt). */
export async function selectSubmissionHistory(db: Db, userId: string, exerciseUuid: string, take: number): Promise<HistoryRow[]> {
  return db.submission.findMany({
    where: { userId, exerciseUuid },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, exerciseUuid: true, status: true, outcome: true, score: true, createdAt: true },
  });
}

export type SubmissionDetailRow = HistoryRow & { userId: string; code: string; result: string | null };

export async function selectSubmissionDetail(db: Db, id: string): Promise<SubmissionDetailRow | null> {
  return db.submission.findUnique({
    where: { id },
    select: {
      id: true,
      userId: true,
      exerciseUuid: true,
      status: true,
      outcome: true,
      score: true,
      createdAt: true,
      code: true,
      result: true,
    },
  });
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(String(value));
}

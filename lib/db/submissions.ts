import 'server-only';
import type { Db } from './client';
import type { GradeOutcome } from './grading-jobs';
import { newRowId, toDate } from './raw-values';

export type SubmissionStatus = 'PENDING' | 'GRADING' | 'DONE';

export type NewSubmission = {
  userId: string;
  exerciseUuid: string;
  code: string;
  codeHash: string;
  seed: number;
  clientScore: number | null;
  idempotencyKey: string | null;
};

const summaryFields = {
  id: true,
  exerciseUuid: true,
  status: true,
  outcome: true,
  score: true,
  createdAt: true,
  gradedAt: true,
} as const;

export type SubmissionSummary = {
  id: string;
  exerciseUuid: string;
  status: string;
  outcome: string | null;
  score: number | null;
  createdAt: Date;
  gradedAt: Date | null;
};

/**
 * Stores the submission (PENDING) before anything else happens to it: once this resolves the
 * submission is durable and the queue owns it. A repeated idempotency key returns the first row.
 */
export type InsertResult =
  | { submission: SubmissionSummary; created: boolean }
  | { inFlight: true };

export async function insertSubmission(db: Db, data: NewSubmission): Promise<InsertResult> {
  // One statement that cannot throw on either unique index: a Prisma create cost ~2.5 ms here
  // against ~0.6 ms raw, on every acknowledged submission (docs/benchmarks.md, 2026-12-08).
  const createdAt = new Date();
  const rows = await db.$queryRaw<SummaryRow[]>`
    INSERT INTO "Submission" ("id", "userId", "exerciseUuid", "code", "codeHash", "status", "seed", "clientScore", "idempotencyKey", "jobAttempts", "createdAt")
    VALUES (${newRowId(createdAt.getTime())}, ${data.userId}, ${data.exerciseUuid}, ${data.code}, ${data.codeHash}, 'PENDING', ${data.seed}, ${data.clientScore}, ${data.idempotencyKey}, 0, ${createdAt})
    ON CONFLICT DO NOTHING
    RETURNING "id", "exerciseUuid", "status", "outcome", "score", "createdAt", "gradedAt"`;
  if (rows[0]) return { submission: toSummary(rows[0]), created: true };
  // Two concurrent retries with one key: the loser reads the winner's row.
  if (data.idempotencyKey) {
    const existing = await db.submission.findUnique({
      where: { userId_idempotencyKey: { userId: data.userId, idempotencyKey: data.idempotencyKey } },
      select: summaryFields,
    });
    if (existing) return { submission: existing, created: false };
  }
  // Otherwise the partial index "one in flight per user" refused it: another request won the race.
  return { inFlight: true };
}

type SummaryRow = Omit<SubmissionSummary, 'score' | 'createdAt' | 'gradedAt'> & { score: number | bigint | null; createdAt: unknown; gradedAt: unknown };

function toSummary(row: SummaryRow): SubmissionSummary {
  return {
    id: row.id,
    exerciseUuid: row.exerciseUuid,
    status: row.status,
    outcome: row.outcome,
    score: row.score === null ? null : Number(row.score),
    createdAt: toDate(row.createdAt),
    gradedAt: row.gradedAt === null ? null : toDate(row.gradedAt),
  };
}

export async function selectSubmissionForUser(
  db: Db,
  id: string,
  userId: string,
): Promise<(SubmissionSummary & { result: string | null; code: string }) | null> {
  return db.submission.findFirst({
    where: { id, userId },
    select: { ...summaryFields, result: true, code: true },
  });
}

export async function selectRecentSubmissions(
  db: Db,
  userId: string,
  exerciseUuid: string,
  take = 10,
): Promise<SubmissionSummary[]> {
  return db.submission.findMany({
    where: { userId, exerciseUuid },
    orderBy: { createdAt: 'desc' },
    take,
    select: summaryFields,
  });
}

export type BestScore = { exerciseUuid: string; bestScore: number | null; attempts: number };

/**
 * Best graded score per exercise. "error" grades (could not run) are excluded: they never cost
 * an attempt and never lower a best score.
 */
export async function selectBestScores(db: Db, userId: string): Promise<BestScore[]> {
  const rows = await db.submission.groupBy({
    by: ['exerciseUuid'],
    where: { userId, status: 'DONE', outcome: { in: ['pass', 'fail'] } },
    _max: { score: true },
    _count: { _all: true },
  });
  return rows.map((r) => ({ exerciseUuid: r.exerciseUuid, bestScore: r._max.score, attempts: r._count._all }));
}

export type RegradeCandidate = {
  id: string;
  userId: string;
  userEmail: string;
  exerciseUuid: string;
  code: string;
  score: number | null;
  outcome: string | null;
  graderVersionId: string | null;
};

/** Graded submissions, optionally of one exercise, oldest first, in pages (no full-table load). */
export async function selectGradedSubmissions(
  db: Db,
  options: { exerciseUuid?: string; afterId?: string; take: number },
): Promise<RegradeCandidate[]> {
  const rows = await db.submission.findMany({
    where: {
      status: 'DONE',
      ...(options.exerciseUuid ? { exerciseUuid: options.exerciseUuid } : {}),
      ...(options.afterId ? { id: { gt: options.afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: options.take,
    select: {
      id: true,
      userId: true,
      exerciseUuid: true,
      code: true,
      score: true,
      outcome: true,
      graderVersionId: true,
      user: { select: { email: true } },
    },
  });
  return rows.map(({ user, ...r }) => ({ ...r, userEmail: user.email }));
}

/** Stores a regrade; conditional on the version it was computed from, so a racing regrade loses. */
export async function applyRegrade(
  db: Db,
  id: string,
  fromVersion: string | null,
  grade: GradeOutcome,
): Promise<boolean> {
  const updated = await db.submission.updateMany({
    where: { id, status: 'DONE', graderVersionId: fromVersion },
    data: {
      outcome: grade.outcome,
      score: grade.score,
      result: grade.resultJson,
      graderVersionId: grade.graderVersionId,
      gradedAt: new Date(),
    },
  });
  return updated.count === 1;
}

/** A learner's latest graded submissions across exercises (index userId, createdAt). */
export async function selectRecentGradedForUser(db: Db, userId: string, take: number): Promise<SubmissionSummary[]> {
  return db.submission.findMany({
    where: { userId, outcome: { in: ['pass', 'fail'] } },
    orderBy: { createdAt: 'desc' },
    take,
    select: summaryFields,
  });
}

export type Admission = {
  /** The learner's submission under this idempotency key, if there is one (a retry). */
  existing: SubmissionSummary | null;
  /** Submissions since `since` (exact below `cap`). */
  recent: number;
  inFlight: number;
  /** PENDING submissions of everyone: the queue's depth. */
  queued: number;
};

type AdmissionRow = {
  part: string;
  id: string | null;
  exerciseUuid: string | null;
  status: string | null;
  outcome: string | null;
  score: number | bigint | null;
  createdAt: unknown;
  gradedAt: unknown;
};

/**
 * Everything a new submission is admitted on, in one round trip: the retry of an earlier request
 * (idempotency key), the learner's rate and in-flight limits, and the queue's depth. Three reads
 * were three round trips on every submission, and under a deadline rush each round trip waits for
 * a CPU (docs/benchmarks.md, 2026-12-08). Plain SQL, as a model query costs ~1 ms of Prisma's query
 * compiler against ~0.3 ms raw. The learner's newest `cap + 2` rows suffice: a row in flight is
 * always their newest (the one-in-flight index refuses any insert after it), and past `cap` recent
 * rows the caller refuses anyway. Dates are compared here, not in SQL, because the two databases
 * store them differently (ISO text on SQLite).
 */
export async function selectAdmission(
  db: Db,
  query: { userId: string; idempotencyKey: string | null; since: Date; cap: number },
): Promise<Admission> {
  const { userId, idempotencyKey, since, cap } = query;
  const rows = await db.$queryRaw<AdmissionRow[]>`
    SELECT 'key' AS "part", "id", "exerciseUuid", "status", "outcome", "score", "createdAt", "gradedAt"
      FROM "Submission" WHERE "userId" = ${userId} AND "idempotencyKey" = ${idempotencyKey}
    UNION ALL
    SELECT 'recent', NULL, NULL, "status", NULL, NULL, "createdAt", NULL FROM (
      SELECT "status", "createdAt" FROM "Submission" WHERE "userId" = ${userId}
      ORDER BY "createdAt" DESC LIMIT ${cap + 2}) AS "newest"
    UNION ALL
    SELECT 'queued', NULL, NULL, NULL, NULL, COUNT(*), NULL, NULL FROM "Submission" WHERE "status" = 'PENDING'`;
  const key = rows.find((r) => r.part === 'key');
  const newest = rows.filter((r) => r.part === 'recent');
  return {
    existing: key && key.id !== null ? toSummary(key as SummaryRow) : null,
    recent: newest.filter((r) => toDate(r.createdAt) >= since).length,
    inFlight: newest.filter((r) => r.status === 'PENDING' || r.status === 'GRADING').length,
    queued: Number(rows.find((r) => r.part === 'queued')?.score ?? 0),
  };
}

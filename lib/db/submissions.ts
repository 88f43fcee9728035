import 'server-only';
import type { Db } from './client';
import { toDate } from './raw-values';
import { isUniqueViolation } from './write-first';

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
  // Write first: a repeated key is rare (the caller looked it up already) and lands in the catch.
  try {
    const submission = await db.submission.create({ data, select: summaryFields });
    return { submission, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
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
}

/**
 * Both per-learner limits in one read: how many submissions since `since` (exact below `cap`) and
 * how many in flight. The in-flight rows (one, by the partial index) are recent or still counted:
 * past `cap` recent rows the caller refuses anyway, before looking at the in-flight count.
 */
export async function selectLearnerLoad(
  db: Db,
  userId: string,
  since: Date,
  cap: number,
): Promise<{ recent: number; inFlight: number }> {
  // Plain SQL: this runs on every submission, and a model query costs ~1 ms of Prisma's query
  // compiler against ~0.3 ms raw (docs/benchmarks.md). The learner's newest rows suffice: a row in
  // flight is always their newest (the one-in-flight index refuses any insert after it), and past
  // `cap` recent rows the caller refuses anyway. Dates are compared here, not in SQL, because the
  // two databases store them differently (ISO text on SQLite).
  const rows = await db.$queryRaw<Array<{ createdAt: unknown; status: string }>>`
    SELECT "createdAt", "status" FROM "Submission" WHERE "userId" = ${userId}
    ORDER BY "createdAt" DESC LIMIT ${cap + 2}`;
  return {
    recent: rows.filter((r) => toDate(r.createdAt) >= since).length,
    inFlight: rows.filter((r) => r.status === 'PENDING' || r.status === 'GRADING').length,
  };
}

export async function countQueued(db: Db): Promise<number> {
  return db.submission.count({ where: { status: 'PENDING' } });
}

export type ClaimedJob = {
  id: string;
  userId: string;
  exerciseUuid: string;
  code: string;
  seed: number;
  jobAttempts: number;
};

/**
 * Claims the oldest job that is pending or whose lease expired (its worker died). The claim is a
 * conditional update, so two workers racing for one row cannot both win, on SQLite or PostgreSQL.
 */
export async function claimNextJob(db: Db, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await db.submission.findFirst({
      where: {
        OR: [{ status: 'PENDING' }, { status: 'GRADING', leaseUntil: { lt: now } }],
      },
      orderBy: { createdAt: 'asc' },
      select: { id: true, status: true, leaseUntil: true, jobAttempts: true },
    });
    if (!candidate) return null;
    const claimed = await db.submission.updateMany({
      where: {
        id: candidate.id,
        status: candidate.status,
        jobAttempts: candidate.jobAttempts,
      },
      data: {
        status: 'GRADING',
        leaseUntil: new Date(now.getTime() + leaseMs),
        jobAttempts: { increment: 1 },
      },
    });
    if (claimed.count === 1) {
      const row = await db.submission.findUniqueOrThrow({
        where: { id: candidate.id },
        select: { id: true, userId: true, exerciseUuid: true, code: true, seed: true, jobAttempts: true },
      });
      return row;
    }
  }
  return null;
}

/**
 * Claims one given submission (the pg-boss handler's claim): the same conditional update as
 * claimNextJob, so a duplicate or retried queue message can never grade a row twice. Returns null
 * when the row is done, or held by a live lease.
 */
export async function claimJob(db: Db, id: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  for (let tries = 0; tries < 3; tries++) {
    const candidate = await db.submission.findFirst({
      where: { id, OR: [{ status: 'PENDING' }, { status: 'GRADING', leaseUntil: { lt: now } }] },
      select: { status: true, jobAttempts: true },
    });
    if (!candidate) return null;
    const claimed = await db.submission.updateMany({
      where: { id, status: candidate.status, jobAttempts: candidate.jobAttempts },
      data: { status: 'GRADING', leaseUntil: new Date(now.getTime() + leaseMs), jobAttempts: { increment: 1 } },
    });
    if (claimed.count === 1) {
      return db.submission.findUniqueOrThrow({
        where: { id },
        select: { id: true, userId: true, exerciseUuid: true, code: true, seed: true, jobAttempts: true },
      });
    }
  }
  return null;
}

/**
 * Rows a message-queue worker should (re-)enqueue: PENDING since before `pendingBefore` (the app
 * may have died between insert and enqueue) and GRADING rows whose lease expired (their worker died).
 */
export async function selectStaleJobs(
  db: Db,
  options: { pendingBefore: Date; now?: Date; take?: number },
): Promise<{ id: string; status: string }[]> {
  const now = options.now ?? new Date();
  return db.submission.findMany({
    where: {
      OR: [
        { status: 'PENDING', createdAt: { lt: options.pendingBefore } },
        { status: 'GRADING', leaseUntil: { lt: now } },
      ],
    },
    orderBy: { createdAt: 'asc' },
    take: options.take ?? 100,
    select: { id: true, status: true },
  });
}

export type GradeOutcome = {
  outcome: 'pass' | 'fail' | 'error';
  score: number;
  resultJson: string;
  graderVersionId: string;
};

/** Records the grade; only the current lease holder (status GRADING) can complete a job. */
export async function completeJob(db: Db, id: string, grade: GradeOutcome): Promise<boolean> {
  const updated = await db.submission.updateMany({
    where: { id, status: 'GRADING' },
    data: {
      status: 'DONE',
      outcome: grade.outcome,
      score: grade.score,
      result: grade.resultJson,
      graderVersionId: grade.graderVersionId,
      gradedAt: new Date(),
      leaseUntil: null,
    },
  });
  return updated.count === 1;
}

/**
 * Write first, never read-then-write: Prisma runs an upsert on SQLite as a deferred transaction
 * (SELECT, then INSERT), and when another process commits in between, SQLite fails the INSERT at
 * once with SQLITE_BUSY_SNAPSHOT; the busy timeout cannot help a transaction that has already read.
 * A single INSERT waits for the lock like any other write.
 */
export async function ensureGraderVersion(db: Db, id: string, exerciseUuid: string): Promise<void> {
  try {
    await db.graderVersion.create({ data: { id, exerciseUuid }, select: { id: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
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

export async function selectByIdempotencyKey(
  db: Db,
  userId: string,
  idempotencyKey: string,
): Promise<SubmissionSummary | null> {
  // Plain SQL for the same reason as selectLearnerLoad: every keyed submission asks this first.
  const rows = await db.$queryRaw<Array<Omit<SubmissionSummary, 'createdAt' | 'gradedAt'> & { createdAt: unknown; gradedAt: unknown }>>`
    SELECT "id", "exerciseUuid", "status", "outcome", "score", "createdAt", "gradedAt" FROM "Submission"
    WHERE "userId" = ${userId} AND "idempotencyKey" = ${idempotencyKey} LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return {
    ...row,
    score: row.score === null ? null : Number(row.score),
    createdAt: toDate(row.createdAt),
    gradedAt: row.gradedAt === null ? null : toDate(row.gradedAt),
  };
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

import 'server-only';
import type { Db } from './client';

/*
 * The grading queue's writes, one SQL statement each. Prisma ran every conditional updateMany as
 * BEGIN, UPDATE, COMMIT and the claim as read, update, read again: five round trips to claim a
 * job and three to store its grade, on every job, while the web tier waits on the same database
 * (docs/benchmarks.md, 2026-12-08). Each statement below is atomic on its own on both databases,
 * so the conditions that make a claim exclusive are the same as before, only in one place.
 * Dates are passed as Date: both adapters write them as Prisma does (ISO text with +00:00 on
 * SQLite, which compares correctly as text; timestamp(3) in UTC on PostgreSQL).
 */

export type ClaimedJob = {
  id: string;
  userId: string;
  exerciseUuid: string;
  code: string;
  seed: number;
  jobAttempts: number;
};

type ClaimedRow = Omit<ClaimedJob, 'seed' | 'jobAttempts'> & { seed: number | bigint; jobAttempts: number | bigint };

const claimed = (row: ClaimedRow | undefined): ClaimedJob | null =>
  row ? { ...row, seed: Number(row.seed), jobAttempts: Number(row.jobAttempts) } : null;

/**
 * Claims the oldest job that is pending or whose lease expired (its worker died). The row is
 * chosen and taken in one conditional UPDATE: when two workers choose the same row, the loser's
 * condition no longer holds once the winner has written (PostgreSQL re-checks it on the updated
 * row; SQLite runs one writer at a time), so it gets nothing back and tries the next row.
 */
export async function claimNextJob(db: Db, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  for (let tries = 0; tries < 5; tries++) {
    const rows = await db.$queryRaw<ClaimedRow[]>`
      UPDATE "Submission" SET "status" = 'GRADING', "leaseUntil" = ${leaseUntil}, "jobAttempts" = "jobAttempts" + 1
      WHERE "id" = (
          SELECT "id" FROM "Submission"
          WHERE "status" = 'PENDING' OR ("status" = 'GRADING' AND "leaseUntil" < ${now})
          ORDER BY "createdAt" LIMIT 1)
        AND ("status" = 'PENDING' OR ("status" = 'GRADING' AND "leaseUntil" < ${now}))
      RETURNING "id", "userId", "exerciseUuid", "code", "seed", "jobAttempts"`;
    if (rows.length > 0) return claimed(rows[0]);
    const left = await db.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Submission"
      WHERE "status" = 'PENDING' OR ("status" = 'GRADING' AND "leaseUntil" < ${now}) LIMIT 1`;
    if (left.length === 0) return null;
  }
  return null;
}

/**
 * Claims one given submission (the pg-boss handler's claim) with the same condition, so a
 * duplicate or retried queue message can never grade a row twice. Returns null when the row is
 * done, or held by a live lease.
 */
export async function claimJob(db: Db, id: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "Submission" SET "status" = 'GRADING', "leaseUntil" = ${leaseUntil}, "jobAttempts" = "jobAttempts" + 1
    WHERE "id" = ${id} AND ("status" = 'PENDING' OR ("status" = 'GRADING' AND "leaseUntil" < ${now}))
    RETURNING "id", "userId", "exerciseUuid", "code", "seed", "jobAttempts"`;
  return claimed(rows[0]);
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
  const updated = await db.$executeRaw`
    UPDATE "Submission" SET "status" = 'DONE', "outcome" = ${grade.outcome}, "score" = ${grade.score},
      "result" = ${grade.resultJson}, "graderVersionId" = ${grade.graderVersionId}, "gradedAt" = ${new Date()},
      "leaseUntil" = NULL
    WHERE "id" = ${id} AND "status" = 'GRADING'`;
  return updated === 1;
}

/**
 * One INSERT that ignores an existing row: never read-then-write (on SQLite a deferred
 * transaction that has read fails at once with SQLITE_BUSY_SNAPSHOT when another process commits
 * in between), and no unique-violation error to catch on every job after the first.
 */
export async function ensureGraderVersion(db: Db, id: string, exerciseUuid: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "GraderVersion" ("id", "exerciseUuid", "createdAt") VALUES (${id}, ${exerciseUuid}, ${new Date()})
    ON CONFLICT ("id") DO NOTHING`;
}

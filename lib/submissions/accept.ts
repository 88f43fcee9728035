import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CurrentUser } from '@/lib/auth/session';
import { getDb, type Db } from '@/lib/db/client';
import { insertSubmission, selectAdmission, type SubmissionSummary } from '@/lib/db/submissions';
import { env } from '@/lib/env';
import { findExerciseByUuid } from '@/lib/exercises/catalogue';
import { HttpError } from '@/lib/http/responses';
import { getJobQueue } from '@/lib/queue/job-queue';

export const MAX_CODE_BYTES = 64 * 1024;

/**
 * Only the code and the exercise are taken from the learner. Anything else in the body (a score,
 * a userId, "passed") is dropped by the schema: the server's own grade is the only grade.
 */
export const SubmissionBodySchema = z.object({
  exerciseId: z.uuid('exerciseId must be an exercise uuid'),
  code: z.string().min(1, 'code is empty').max(MAX_CODE_BYTES, 'code is longer than 64 KB'),
  clientScore: z.number().min(0).max(1).nullable().optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type SubmissionBody = z.infer<typeof SubmissionBodySchema>;

export type AcceptOptions = {
  /**
   * Runs the queue notification after the response (the route passes Next's `after`). The row is
   * durable before the learner hears "accepted", and a PENDING row without a queue job is picked up
   * by the pg-boss sweeper anyway, so the acknowledgement need not wait for one more round trip.
   * Without it (tests, scripts) the notification is awaited.
   */
  notifyLater?: (task: () => Promise<void>) => void;
};

/** Validates, rate-limits and durably enqueues a submission. Returns once it is stored. */
export async function acceptSubmission(
  user: CurrentUser,
  body: SubmissionBody,
  options: AcceptOptions = {},
): Promise<{ submission: SubmissionSummary; created: boolean }> {
  const exercise = findExerciseByUuid(body.exerciseId);
  if (!exercise) throw new HttpError(404, 'No such exercise.');
  const db = await getDb();
  const notify = async (submission: SubmissionSummary): Promise<void> => {
    if (options.notifyLater) options.notifyLater(() => enqueueQuietly(db, submission));
    else await enqueueQuietly(db, submission);
  };
  const config = env();
  const admission = await selectAdmission(db, {
    userId: user.id,
    idempotencyKey: body.idempotencyKey ?? null,
    since: new Date(Date.now() - 60_000),
    cap: config.SUBMIT_RATE_PER_MINUTE,
  });
  if (admission.existing) {
    // A retry of an acknowledged submission gets the same row back, whatever the limits say now.
    await notify(admission.existing);
    return { submission: admission.existing, created: false };
  }
  if (admission.recent >= config.SUBMIT_RATE_PER_MINUTE) {
    throw new HttpError(429, 'Too many submissions in the last minute. Wait a moment and submit again.', {
      'Retry-After': '60',
    });
  }
  if (admission.inFlight > 0) throw inFlightError();
  if (admission.queued >= config.QUEUE_CAPACITY) {
    throw new HttpError(503, 'The grader is very busy right now. Your code was not submitted; try again shortly.', {
      'Retry-After': '30',
    });
  }
  const stored = await insertSubmission(db, {
    userId: user.id,
    exerciseUuid: exercise.meta.uuid,
    code: body.code,
    codeHash: createHash('sha256').update(body.code).digest('hex'),
    seed: exercise.meta.seed,
    clientScore: body.clientScore ?? null,
    idempotencyKey: body.idempotencyKey ?? null,
  });
  // The check above reads before this write; the database's one-in-flight index settles races.
  if ('inFlight' in stored) throw inFlightError();
  // The row is durable (PENDING) before the queue hears of it; see docs/decisions/008-pg-boss-queue.md.
  await notify(stored.submission);
  return stored;
}

function inFlightError(): HttpError {
  return new HttpError(409, 'Your previous submission is still being graded. Wait for its result first.', {
    'Retry-After': '5',
  });
}

/**
 * Tells the queue about a PENDING row. Never fails the request: the submission is already stored,
 * and a pg-boss worker's sweeper enqueues PENDING rows that have no job. Repeats are harmless
 * (singletonKey = submission id; the claim is conditional).
 */
async function enqueueQuietly(db: Db, submission: SubmissionSummary): Promise<void> {
  if (submission.status !== 'PENDING') return;
  try {
    await (await getJobQueue(db)).enqueue(submission.id);
  } catch (error) {
    console.error(
      `[submissions] enqueue of ${submission.id} failed (the sweeper will pick it up): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

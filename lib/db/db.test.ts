import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from './client';
import { readSqlitePragmas } from './client';
import { createTestDb, stored, type DbKind } from './test-db';
import { bumpSessionVersion, insertUser, selectSessionUser } from './users';
import { claimNextJob, completeJob, ensureGraderVersion } from './grading-jobs';
import { insertSubmission, selectAdmission, selectBestScores } from './submissions';
import { selectExtensions, upsertAssignments, upsertExtension } from './assignments';
import { saveDraft, selectDraft } from './drafts';
import { markLessonCompleted, markLessonVisited, selectLessonProgress } from './progress';

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();

beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
});
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

function db(kind: DbKind): Db {
  return dbs.get(kind)!.db;
}

async function newUser(kind: DbKind): Promise<string> {
  const user = await insertUser(db(kind), {
    email: `u${Math.random().toString(36).slice(2)}@example.test`,
    name: 'Test',
    passwordHash: 'x',
  });
  return user.id;
}

const base = { exerciseUuid: '7d0c7c5e-0000-4000-8000-000000000001', code: 'x', codeHash: 'h', seed: 1, clientScore: null };

test('sqlite boots with WAL, NORMAL sync, a busy timeout and foreign keys on', async () => {
  const pragmas = await readSqlitePragmas(db('sqlite'));
  expect(pragmas.journal_mode).toBe('wal');
  expect(Number(pragmas.synchronous)).toBe(1);
  expect(Number(pragmas.busy_timeout)).toBeGreaterThanOrEqual(5000);
  expect(Number(pragmas.foreign_keys)).toBe(1);
});

test.each(kinds)('%s: a repeated idempotency key returns the first submission', async (kind) => {
  const userId = await newUser(kind);
  const first = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: 'k1' }));
  const again = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: 'k1' }));
  expect(first.created).toBe(true);
  expect(again.created).toBe(false);
  expect(again.submission.id).toBe(first.submission.id);
});

test.each(kinds)('%s: one admission read finds the retried submission, the learner limits and the queue depth', async (kind) => {
  const userId = await newUser(kind);
  const before = await selectAdmission(db(kind), { userId, idempotencyKey: 'adm-1', since: new Date(0), cap: 10 });
  expect(before).toMatchObject({ existing: null, recent: 0, inFlight: 0 });
  const graded = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: 'adm-0' }));
  await db(kind).submission.update({ where: { id: graded.submission.id }, data: { status: 'DONE', score: 0.25 } });
  const pending = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: 'adm-1' }));
  const after = await selectAdmission(db(kind), { userId, idempotencyKey: 'adm-1', since: new Date(0), cap: 10 });
  expect(after.existing).toEqual(pending.submission);
  expect(after).toMatchObject({ recent: 2, inFlight: 1, queued: before.queued + 1 });
  // Only rows since `since` count towards the rate; the in-flight row counts whatever its age.
  const later = await selectAdmission(db(kind), { userId, idempotencyKey: null, since: new Date(Date.now() + 60_000), cap: 10 });
  expect(later).toMatchObject({ existing: null, recent: 0, inFlight: 1 });
  const regraded = await selectAdmission(db(kind), { userId, idempotencyKey: 'adm-0', since: new Date(0), cap: 10 });
  expect(regraded.existing).toMatchObject({ id: graded.submission.id, status: 'DONE', score: 0.25 });
  await db(kind).submission.update({ where: { id: pending.submission.id }, data: { status: 'DONE' } });
});

test.each(kinds)('%s: of two concurrent submissions from one learner the database keeps one in flight', async (kind) => {
  const userId = await newUser(kind);
  const results = await Promise.all(
    ['race-a-key', 'race-b-key', 'race-c-key'].map((idempotencyKey) =>
      insertSubmission(db(kind), { ...base, userId, idempotencyKey }),
    ),
  );
  expect(results.filter((r) => 'inFlight' in r)).toHaveLength(2);
  const rows = await db(kind).submission.findMany({ where: { userId } });
  expect(rows).toHaveLength(1);
  // Once that one is graded the learner may submit again.
  await db(kind).submission.update({ where: { id: rows[0]!.id }, data: { status: 'DONE' } });
  const again = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: 'race-d-key' }));
  expect(again.created).toBe(true);
  // Keep the shared queue empty for the claim tests below.
  await db(kind).submission.update({ where: { id: again.submission.id }, data: { status: 'DONE' } });
});

test.each(kinds)('%s: two workers racing for one job cannot both claim it', async (kind) => {
  const userId = await newUser(kind);
  const { submission } = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: null }));
  const [a, b] = await Promise.all([claimNextJob(db(kind), 60_000), claimNextJob(db(kind), 60_000)]);
  const claimedIds = [a?.id, b?.id].filter((id) => id === submission.id);
  expect(claimedIds).toHaveLength(1);
});

test.each(kinds)('%s: a job whose worker died is claimed again after its lease and graded once', async (kind) => {
  const userId = await newUser(kind);
  const { submission } = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: null }));
  // drain anything older so this job is next
  let first = await claimNextJob(db(kind), 1);
  while (first && first.id !== submission.id) first = await claimNextJob(db(kind), 1);
  expect(first?.id).toBe(submission.id);
  const later = new Date(Date.now() + 1000);
  const second = await claimNextJob(db(kind), 60_000, later);
  expect(second?.id).toBe(submission.id);
  expect(second?.jobAttempts).toBe(2);
  await ensureGraderVersion(db(kind), 'v-test', base.exerciseUuid);
  const grade = { outcome: 'pass' as const, score: 1, resultJson: '{}', graderVersionId: 'v-test' };
  expect(await completeJob(db(kind), submission.id, grade)).toBe(true);
  expect(await completeJob(db(kind), submission.id, grade)).toBe(false);
});

test.each(kinds)('%s: an error grade never counts towards the best score', async (kind) => {
  const userId = await newUser(kind);
  await ensureGraderVersion(db(kind), 'v-test', base.exerciseUuid);
  for (const [outcome, score] of [['fail', 0.5], ['error', 0]] as const) {
    const { submission } = stored(await insertSubmission(db(kind), { ...base, userId, idempotencyKey: null }));
    await db(kind).submission.update({ where: { id: submission.id }, data: { status: 'GRADING' } });
    await completeJob(db(kind), submission.id, { outcome, score, resultJson: '{}', graderVersionId: 'v-test' });
  }
  const best = await selectBestScores(db(kind), userId);
  expect(best).toEqual([{ exerciseUuid: base.exerciseUuid, bestScore: 0.5, attempts: 1 }]);
});

test.each(kinds)('%s: drafts are saved and restored per user and exercise', async (kind) => {
  const userId = await newUser(kind);
  const save = (code: string) => saveDraft(db(kind), { userId, exerciseUuid: base.exerciseUuid, code, order: null });
  await save('one');
  await save('two');
  expect((await selectDraft(db(kind), userId, base.exerciseUuid))?.code).toBe('two');
});

test.each(kinds)('%s: a delayed save of an older edit never overwrites newer code', async (kind) => {
  const userId = await newUser(kind);
  const save = (code: string, seq: number, session = 'tab-one') =>
    saveDraft(db(kind), { userId, exerciseUuid: base.exerciseUuid, code, order: { session, seq } });
  expect((await save('newer edit', 2)).superseded).toBe(false);
  expect((await save('older edit, arriving late', 1)).superseded).toBe(true);
  expect((await selectDraft(db(kind), userId, base.exerciseUuid))?.code).toBe('newer edit');
  // Another tab or device is not ordered against this one: its save applies, whatever its number.
  expect((await save('from the laptop', 0, 'tab-two')).superseded).toBe(false);
  expect((await selectDraft(db(kind), userId, base.exerciseUuid))?.code).toBe('from the laptop');
});

test.each(kinds)('%s: a retried draft save returns the first answer and writes nothing', async (kind) => {
  const userId = await newUser(kind);
  const save = () => saveDraft(db(kind), { userId, exerciseUuid: base.exerciseUuid, code: 'same', order: { session: 'tab', seq: 7 } });
  const first = await save();
  const again = await save();
  expect(again).toEqual(first);
  expect(again.superseded).toBe(false);
  expect(await db(kind).draft.count({ where: { userId } })).toBe(1);
});

test.each(kinds)('%s: concurrent first saves of one draft leave one row holding the latest edit', async (kind) => {
  const userId = await newUser(kind);
  await Promise.all(
    [3, 1, 2].map((seq) => saveDraft(db(kind), { userId, exerciseUuid: base.exerciseUuid, code: `edit ${seq}`, order: { session: 'tab', seq } })),
  );
  expect((await selectDraft(db(kind), userId, base.exerciseUuid))?.code).toBe('edit 3');
});

test.each(kinds)('%s: lesson progress: concurrent visits make one row, and a later visit keeps the completion', async (kind) => {
  const userId = await newUser(kind);
  await Promise.all([1, 2, 3].map(() => markLessonVisited(db(kind), userId, 'lesson-1', 'mod')));
  await markLessonCompleted(db(kind), userId, 'lesson-1', 'mod');
  await markLessonVisited(db(kind), userId, 'lesson-1', 'mod');
  const rows = await selectLessonProgress(db(kind), userId);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.completedAt).toBeInstanceOf(Date);
});

test.each(kinds)('%s: registering a grader version twice (two workers at once) is harmless', async (kind) => {
  await Promise.all([1, 2, 3].map(() => ensureGraderVersion(db(kind), 'v-twice', base.exerciseUuid)));
  expect(await db(kind).graderVersion.count({ where: { id: 'v-twice' } })).toBe(1);
});

test.each(kinds)('%s: the per-request user read returns the row with a numeric session version, or null', async (kind) => {
  const user = await insertUser(db(kind), { email: `per-request-${kind}@example.test`, name: 'Per Request', passwordHash: 'x' });
  await bumpSessionVersion(db(kind), user.id);
  expect(await selectSessionUser(db(kind), user.id)).toEqual({
    id: user.id,
    email: `per-request-${kind}@example.test`,
    name: 'Per Request',
    role: 'student',
    sessionVersion: 1,
  });
  expect(await selectSessionUser(db(kind), 'no-such-user')).toBeNull();
});

test.each(kinds)('%s: assigning an exercise again moves its due date, and a second extension replaces the first', async (kind) => {
  const ownerId = await newUser(kind);
  const studentId = await newUser(kind);
  const cohort = await db(kind).cohort.create({ data: { name: 'C', joinCode: `J${Math.random().toString(36).slice(2, 9)}`, ownerId } });
  const [first] = await upsertAssignments(db(kind), cohort.id, [{ exerciseUuid: base.exerciseUuid, dueAt: new Date('2026-12-01T00:00:00Z') }]);
  const [again] = await upsertAssignments(db(kind), cohort.id, [{ exerciseUuid: base.exerciseUuid, dueAt: new Date('2026-12-08T00:00:00Z') }]);
  expect(again!.id).toBe(first!.id);
  expect(again!.dueAt.toISOString()).toBe('2026-12-08T00:00:00.000Z');
  await Promise.all([1, 2].map((d) => upsertExtension(db(kind), first!.id, studentId, new Date(`2026-12-1${d}T00:00:00Z`))));
  await upsertExtension(db(kind), first!.id, studentId, new Date('2026-12-20T00:00:00Z'));
  expect(await selectExtensions(db(kind), [first!.id], studentId)).toEqual([
    { assignmentId: first!.id, userId: studentId, dueAt: new Date('2026-12-20T00:00:00Z') },
  ]);
});

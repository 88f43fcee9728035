import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { makeGraded, makeUser, twoExercises } from '@/lib/cohorts/test-helpers';

// The real route handlers, with the session and the database swapped for test doubles. The
// session double reads the user from the database on every request, as lib/auth/session does.
const state = vi.hoisted(() => ({ db: undefined as unknown, userId: null as string | null }));
vi.mock('@/lib/db/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/db/client')>()),
  getDb: async () => state.db,
}));
vi.mock('@/lib/auth/session', async () => {
  const { selectUserById } = await import('@/lib/db/users');
  const { parseRole } = await import('@/lib/auth/roles');
  return {
    getCurrentUser: async () => {
      const user = state.userId ? await selectUserById(state.db as Db, state.userId) : null;
      return user ? { ...user, role: parseRole(user.role) } : null;
    },
  };
});

const cohorts = await import('./route');
const join = await import('./join/route');
const cohort = await import('./[cohortId]/route');
const members = await import('./[cohortId]/members/[userId]/route');
const assignments = await import('./[cohortId]/assignments/route');
const assignment = await import('./[cohortId]/assignments/[assignmentId]/route');
const extension = await import('./[cohortId]/assignments/[assignmentId]/extensions/[userId]/route');
const gradebook = await import('./[cohortId]/gradebook/route');
const student = await import('./[cohortId]/students/[userId]/route');
const submission = await import('../submissions/[id]/route');
const drafts = await import('../drafts/[exerciseUuid]/route');

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();
beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
}, 60_000);
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

function req(method: string, path: string, body?: unknown, origin = 'http://app.test'): Request {
  return new Request(`http://app.test${path}`, {
    method,
    headers: { origin, host: 'app.test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });
const as = (userId: string | null) => (state.userId = userId);

/** Instructor I owns cohort C (one assignment); students A and B are in C; B is also in C2; X is in none. */
async function world(kind: DbKind) {
  const db = dbs.get(kind)!.db;
  state.db = db;
  const [exercise] = twoExercises();
  const I = await makeUser(db, 'instructor', 'Iris');
  const [A, B, X] = [await makeUser(db, 'student', 'Amy'), await makeUser(db, 'student', 'Bob'), await makeUser(db, 'student', 'Xan')];
  as(I);
  const C = (await (await cohorts.POST(req('POST', '/api/cohorts', { name: 'Cohort C' }))).json()) as { id: string; joinCode: string };
  const C2 = (await (await cohorts.POST(req('POST', '/api/cohorts', { name: 'Secret C2' }))).json()) as { id: string; joinCode: string };
  const added = await assignments.POST(req('POST', `/api/cohorts/${C.id}/assignments`, { exerciseUuid: exercise, dueAt: '2030-01-01T00:00:00Z' }), params({ cohortId: C.id }));
  const assignmentId = ((await added.json()) as { assignments: Array<{ id: string }> }).assignments[0]!.id;
  for (const [who, code] of [[A, C.joinCode], [B, C.joinCode], [B, C2.joinCode]] as const) {
    as(who);
    expect((await join.POST(req('POST', '/api/cohorts/join', { code }))).status).toBe(201);
  }
  const bSubmission = await makeGraded(db, B, exercise, 0.5, new Date(), { code: 'const bobSecret = 1;' });
  await db.draft.create({ data: { userId: B, exerciseUuid: exercise, code: 'bob draft' } });
  const bEmail = (await db.user.findUniqueOrThrow({ where: { id: B } })).email;
  return { db, exercise, I, A, B, X, C, C2, assignmentId, bSubmission, bEmail };
}

test.each(kinds)('%s: A1 a student cannot read a classmate\'s submission, draft, history or grades, even with ?userId=', async (kind) => {
  const w = await world(kind);
  const leaks = async (response: Response) => {
    const text = await response.text();
    return ['bobSecret', 'bob draft', w.bEmail, 'Secret C2'].filter((s) => text.includes(s));
  };
  for (const [who, expected] of [[w.A, 403], [w.X, 404]] as const) {
    as(who);
    const sub = await submission.GET(req('GET', `/api/submissions/${w.bSubmission}?userId=${w.B}`), params({ id: w.bSubmission }));
    expect([sub.status, await leaks(sub)]).toEqual([404, []]);
    const draft = await drafts.GET(req('GET', `/api/drafts/${w.exercise}?userId=${w.B}`), params({ exerciseUuid: w.exercise }));
    expect([draft.status, await leaks(draft)]).toEqual([404, []]);
    const mine = await cohorts.GET();
    expect([mine.status, await leaks(mine)]).toEqual([200, []]);
    const reads = [
      cohort.GET(req('GET', `/api/cohorts/${w.C.id}?userId=${w.B}`), params({ cohortId: w.C.id })),
      student.GET(req('GET', `/api/cohorts/${w.C.id}/students/${w.B}`), params({ cohortId: w.C.id, userId: w.B })),
      gradebook.GET(req('GET', `/api/cohorts/${w.C.id}/gradebook?format=csv`), params({ cohortId: w.C.id })),
      assignment.GET(req('GET', `/api/cohorts/${w.C.id}/assignments/${w.assignmentId}`), params({ cohortId: w.C.id, assignmentId: w.assignmentId })),
    ];
    for (const response of await Promise.all(reads)) {
      expect([response.status, await leaks(response)]).toEqual([expected, []]);
    }
  }
  as(null);
  expect((await gradebook.GET(req('GET', `/api/cohorts/${w.C.id}/gradebook`), params({ cohortId: w.C.id }))).status).toBe(401);
});

test.each(kinds)('%s: A2 a student cannot change or delete a classmate\'s rows or the cohort\'s, which stay unchanged', async (kind) => {
  const w = await world(kind);
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        w.db.cohortMember.findMany({ where: { cohortId: w.C.id }, orderBy: { userId: 'asc' } }),
        w.db.assignment.findMany({ where: { cohortId: w.C.id } }),
        w.db.extension.findMany({}),
        w.db.cohort.findUnique({ where: { id: w.C.id } }),
        w.db.draft.findMany({ where: { userId: w.B } }),
      ]),
    );
  const before = await snapshot();
  const cid = { cohortId: w.C.id };
  const aid = { ...cid, assignmentId: w.assignmentId };
  for (const [who, expected] of [[w.A, 403], [w.X, 404]] as const) {
    as(who);
    const attempts = [
      members.DELETE(req('DELETE', `/api/cohorts/${w.C.id}/members/${w.B}`), params({ ...cid, userId: w.B })),
      members.PATCH(req('PATCH', `/api/cohorts/${w.C.id}/members/${who}`, { role: 'instructor' }), params({ ...cid, userId: who })),
      cohort.PATCH(req('PATCH', `/api/cohorts/${w.C.id}`, { latePolicy: 'reject' }), params(cid)),
      assignments.POST(req('POST', `/api/cohorts/${w.C.id}/assignments`, { exerciseUuid: w.exercise, dueAt: '2031-01-01T00:00:00Z' }), params(cid)),
      assignment.PATCH(req('PATCH', '/x', { dueAt: '2031-01-01T00:00:00Z' }), params(aid)),
      assignment.DELETE(req('DELETE', '/x'), params(aid)),
      extension.PUT(req('PUT', '/x', { dueAt: '2031-01-01T00:00:00Z' }), params({ ...aid, userId: who })),
      extension.DELETE(req('DELETE', '/x'), params({ ...aid, userId: w.B })),
    ];
    for (const response of await Promise.all(attempts)) {
      const body = (await response.json()) as { error?: string };
      expect(response.status).toBe(expected);
      expect(body.error).toMatch(/^[A-Z].+\.$/);
    }
  }
  as(w.A);
  await drafts.PUT(req('PUT', `/api/drafts/${w.exercise}`, { code: 'amy draft', userId: w.B }), params({ exerciseUuid: w.exercise }));
  expect(await snapshot()).toBe(before);
  expect((await w.db.draft.findUnique({ where: { userId_exerciseUuid: { userId: w.A, exerciseUuid: w.exercise } } }))?.code).toBe('amy draft');
});

test.each(kinds)('%s: A4 a student cannot reach instructor endpoints and role changes apply on the next request', async (kind) => {
  const w = await world(kind);
  const dashboard = () => cohort.GET(req('GET', `/api/cohorts/${w.C.id}`), params({ cohortId: w.C.id }));
  as(w.A);
  expect((await cohorts.POST(req('POST', '/api/cohorts', { name: 'Mine', role: 'instructor', ownerId: w.A }))).status).toBe(403);
  const rejoin = await join.POST(req('POST', '/api/cohorts/join', { code: w.C.joinCode, role: 'instructor' }));
  expect(((await rejoin.json()) as { role: string }).role).toBe('student');
  expect((await w.db.user.findUniqueOrThrow({ where: { id: w.A } })).role).toBe('student');
  expect((await dashboard()).status).toBe(403);

  as(w.I);
  expect((await dashboard()).status).toBe(200);
  await w.db.user.update({ where: { id: w.I }, data: { role: 'student' } });
  expect((await dashboard()).status).toBe(403);
  expect((await cohorts.POST(req('POST', '/api/cohorts', { name: 'Again' }))).status).toBe(403);
  await w.db.user.update({ where: { id: w.I }, data: { role: 'instructor' } });
  expect((await dashboard()).status).toBe(200);

  const K = await makeUser(w.db, 'instructor', 'Kim');
  as(K);
  await join.POST(req('POST', '/api/cohorts/join', { code: w.C.joinCode }));
  as(w.I);
  expect((await members.PATCH(req('PATCH', '/x', { role: 'instructor' }), params({ cohortId: w.C.id, userId: K }))).status).toBe(200);
  as(K);
  expect((await dashboard()).status).toBe(200);
  as(w.I);
  await members.PATCH(req('PATCH', '/x', { role: 'student' }), params({ cohortId: w.C.id, userId: K }));
  as(K);
  expect((await dashboard()).status).toBe(403);

  const admin = await makeUser(w.db, 'admin', 'Ada Admin');
  as(admin);
  expect((await dashboard()).status).toBe(200);
  await w.db.user.update({ where: { id: admin }, data: { role: 'student' } });
  expect((await dashboard()).status).toBe(404);
});

test.each(kinds)('%s: cross-site writes and malformed bodies get a 4xx with a message and no stack trace', async (kind) => {
  const w = await world(kind);
  as(w.I);
  for (const origin of ['https://evil.example', 'null']) {
    expect((await cohorts.POST(req('POST', '/api/cohorts', { name: 'x' }, origin))).status).toBe(403);
  }
  const bad = await assignments.POST(req('POST', '/x', { exerciseUuid: w.exercise, dueAt: 'tomorrow' }), params({ cohortId: w.C.id }));
  const text = await bad.text();
  expect(bad.status).toBe(400);
  expect(text).toMatch(/dueAt/);
  expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
  const unknownCohort = await cohort.GET(req('GET', '/api/cohorts/nope'), params({ cohortId: 'nope' }));
  expect(unknownCohort.status).toBe(404);
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { selectMember } from '@/lib/db/cohorts';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { HttpError } from '@/lib/http/responses';
import { requireCohortStaff } from './access';
import { addAssignments, changeDueDate, listAssignments, setExtension } from './assignments';
import { changeMemberRole, createCohort, joinCohort, listMyCohorts, removeMember, updateCohortSettings } from './manage';
import { DAY, makeUser, twoExercises } from './test-helpers';

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();

beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
}, 60_000);
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

const db = (kind: DbKind): Db => dbs.get(kind)!.db;

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

async function cohortOf(kind: DbKind) {
  const owner = await makeUser(db(kind), 'instructor', 'Owner');
  const cohort = await createCohort(db(kind), owner, { name: 'Autumn', latePolicy: 'accept' });
  return { owner, cohort };
}

test.each(kinds)('%s: an instructor creates a cohort and a student joins it with the code typed in any case', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  expect(cohort.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect((await selectMember(db(kind), cohort.id, owner))?.role).toBe('instructor');
  const student = await makeUser(db(kind));
  const joined = await joinCohort(db(kind), student, ` ${cohort.joinCode.toLowerCase().slice(0, 4)}-${cohort.joinCode.slice(4)} `);
  expect(joined).toMatchObject({ cohortId: cohort.id, role: 'student', created: true });
  expect((await joinCohort(db(kind), student, cohort.joinCode)).created).toBe(false);
  expect((await listMyCohorts(db(kind), student)).studying.map((c) => c.id)).toEqual([cohort.id]);
  expect((await listMyCohorts(db(kind), owner)).teaching.map((c) => c.id)).toEqual([cohort.id]);
});

test.each(kinds)('%s: a student may be in several cohorts', async (kind) => {
  const a = await cohortOf(kind);
  const b = await cohortOf(kind);
  const student = await makeUser(db(kind));
  await joinCohort(db(kind), student, a.cohort.joinCode);
  await joinCohort(db(kind), student, b.cohort.joinCode);
  expect((await listMyCohorts(db(kind), student)).studying).toHaveLength(2);
});

test.each(kinds)('%s: a student account cannot create a cohort and an unknown join code is a 404', async (kind) => {
  const student = await makeUser(db(kind));
  expect(await status(createCohort(db(kind), student, { name: 'Mine', latePolicy: 'accept' }))).toBe(403);
  expect(await status(joinCohort(db(kind), student, 'NOPE2345'))).toBe(404);
});

test.each(kinds)('%s: a co-instructor has instructor rights on that cohort only', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  const other = await cohortOf(kind);
  const co = await makeUser(db(kind), 'instructor', 'Co');
  await joinCohort(db(kind), co, cohort.joinCode);
  expect(await status(requireCohortStaff(db(kind), co, cohort.id))).toBe(403);
  await changeMemberRole(db(kind), owner, cohort.id, co, 'instructor');
  expect(await status(requireCohortStaff(db(kind), co, cohort.id))).toBe(200);
  expect(await status(requireCohortStaff(db(kind), co, other.cohort.id))).toBe(404);
});

test.each(kinds)('%s: co-instructors need an instructor account, and the owner stays an instructor member', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  const student = await makeUser(db(kind));
  await joinCohort(db(kind), student, cohort.joinCode);
  expect(await status(changeMemberRole(db(kind), owner, cohort.id, student, 'instructor'))).toBe(409);
  expect((await selectMember(db(kind), cohort.id, student))?.role).toBe('student');
  expect(await status(changeMemberRole(db(kind), owner, cohort.id, owner, 'student'))).toBe(409);
  expect(await status(removeMember(db(kind), owner, cohort.id, owner))).toBe(409);
});

test.each(kinds)('%s: removing a member drops their extensions; a student may leave on their own', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  const [exercise] = twoExercises();
  const [assignment] = await addAssignments(db(kind), owner, cohort.id, { exerciseUuid: exercise, dueAt: new Date(Date.now() + DAY) });
  const student = await makeUser(db(kind));
  await joinCohort(db(kind), student, cohort.joinCode);
  await setExtension(db(kind), owner, cohort.id, assignment!.id, student, new Date(Date.now() + 3 * DAY));
  await removeMember(db(kind), owner, cohort.id, student);
  expect(await selectMember(db(kind), cohort.id, student)).toBeNull();
  expect(await db(kind).extension.count({ where: { userId: student } })).toBe(0);
  await joinCohort(db(kind), student, cohort.joinCode);
  await removeMember(db(kind), student, cohort.id, student);
  expect(await selectMember(db(kind), cohort.id, student)).toBeNull();
});

test.each(kinds)('%s: assigning a whole module creates one assignment per exercise and re-assigning moves the due date', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  const [first] = twoExercises();
  const due = new Date('2030-01-10T17:00:00Z');
  await addAssignments(db(kind), owner, cohort.id, { exerciseUuid: first, dueAt: new Date('2030-01-01T00:00:00Z') });
  const rows = await addAssignments(db(kind), owner, cohort.id, { moduleSlug: '01-semi-supervised', dueAt: due });
  const listed = await listAssignments(db(kind), cohort.id);
  expect(listed.length).toBe(rows.length);
  expect(new Set(listed.map((a) => a.exerciseUuid)).size).toBe(listed.length);
  expect(listed.every((a) => a.dueAt.getTime() === due.getTime())).toBe(true);
  expect(listed.some((a) => a.exerciseUuid === first)).toBe(true);
  expect(await status(addAssignments(db(kind), owner, cohort.id, { moduleSlug: '99-nothing', dueAt: due }))).toBe(404);
});

test.each(kinds)('%s: an assignment id from another cohort cannot be changed through this cohort', async (kind) => {
  const mine = await cohortOf(kind);
  const theirs = await cohortOf(kind);
  const [exercise] = twoExercises();
  const due = new Date('2030-02-01T00:00:00Z');
  const [assignment] = await addAssignments(db(kind), theirs.owner, theirs.cohort.id, { exerciseUuid: exercise, dueAt: due });
  expect(await status(changeDueDate(db(kind), mine.owner, mine.cohort.id, assignment!.id, new Date()))).toBe(404);
  expect(await status(changeDueDate(db(kind), mine.owner, theirs.cohort.id, assignment!.id, new Date()))).toBe(404);
  expect((await listAssignments(db(kind), theirs.cohort.id))[0]?.dueAt.getTime()).toBe(due.getTime());
});

test.each(kinds)('%s: rotating the join code retires the old one', async (kind) => {
  const { owner, cohort } = await cohortOf(kind);
  const updated = await updateCohortSettings(db(kind), owner, cohort.id, { rotateJoinCode: true, latePolicy: 'reject' });
  expect(updated.joinCode).not.toBe(cohort.joinCode);
  expect(updated.latePolicy).toBe('reject');
  const student = await makeUser(db(kind));
  expect(await status(joinCohort(db(kind), student, cohort.joinCode))).toBe(404);
  expect(await status(joinCohort(db(kind), student, updated.joinCode))).toBe(200);
});

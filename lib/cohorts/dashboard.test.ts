import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCourse } from '@/lib/content/course';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { addAssignments, setExtension } from './assignments';
import { UTF8_BOM } from './csv';
import { loadAssignmentInsights, loadCohortDashboard } from './dashboard';
import { gradebookCsv, loadGradebook } from './gradebook';
import { loadStudentHistory } from './history';
import { createCohort, joinCohort, updateCohortSettings } from './manage';
import { parseMatrixQuery } from './matrix';
import { loadStudentOverview } from './student-overview';
import { DAY, gradeResult, makeGraded, makeUser, twoExercises } from './test-helpers';

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();

beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
}, 60_000);
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

const db = (kind: DbKind): Db => dbs.get(kind)!.db;
const NOW = new Date();
const DUE = new Date(NOW.getTime() - 2 * DAY);
const query = parseMatrixQuery({});

/** A cohort with one assignment (due two days ago) and two students, Ada and Ben. */
async function setup(kind: DbKind, latePolicy: 'accept' | 'mark' | 'reject' = 'mark') {
  const owner = await makeUser(db(kind), 'instructor', 'Owner');
  const cohort = await createCohort(db(kind), owner, { name: 'C', latePolicy });
  const [exercise, second] = twoExercises();
  const [assignment] = await addAssignments(db(kind), owner, cohort.id, { exerciseUuid: exercise, dueAt: DUE });
  const ada = await makeUser(db(kind), 'student', 'Ada');
  const ben = await makeUser(db(kind), 'student', 'Ben');
  for (const id of [ada, ben]) await joinCohort(db(kind), id, cohort.joinCode);
  return { owner, cohort, exercise, second, assignment: assignment!, ada, ben };
}

test.each(kinds)('%s: the matrix shows best score, graded attempts and last activity; error grades do not count', async (kind) => {
  const s = await setup(kind);
  await makeGraded(db(kind), s.ada, s.exercise, 0.4, new Date(DUE.getTime() - 3 * DAY));
  const last = new Date(DUE.getTime() - DAY);
  await makeGraded(db(kind), s.ada, s.exercise, 0.9, last);
  await makeGraded(db(kind), s.ada, s.exercise, 0, new Date(DUE.getTime() - 1000), { outcome: 'error' });
  const outsider = await makeUser(db(kind));
  await makeGraded(db(kind), outsider, s.exercise, 1, last);
  const dash = await loadCohortDashboard(db(kind), s.owner, s.cohort.id, query, NOW);
  expect(dash.studentCount).toBe(2);
  const ada = dash.page.rows.find((r) => r.userId === s.ada)!;
  expect(ada.cells[0]).toMatchObject({ attempts: 2, failures: 2, best: 0.9, counted: 0.9, late: false, passed: false });
  expect(ada.lastActivity?.getTime()).toBe(last.getTime());
  expect(dash.page.rows.find((r) => r.userId === s.ben)!.cells[0]!.attempts).toBe(0);
  expect(dash.stats[0]).toMatchObject({ attempted: 1, passed: 0, passRate: 0, medianAttempts: 2 });
});

test.each(kinds)('%s: mark flags a best score reached after the due date and still counts it', async (kind) => {
  const s = await setup(kind, 'mark');
  await makeGraded(db(kind), s.ada, s.exercise, 0.5, new Date(DUE.getTime() - DAY));
  await makeGraded(db(kind), s.ada, s.exercise, 1, new Date(DUE.getTime() + DAY));
  const row = (await loadCohortDashboard(db(kind), s.owner, s.cohort.id, query, NOW)).page.rows.find((r) => r.userId === s.ada)!;
  expect(row.cells[0]).toMatchObject({ late: true, counted: 1, best: 1 });
  expect(row.lateCount).toBe(1);
});

test.each(kinds)('%s: reject counts only the on-time best; accept flags nothing', async (kind) => {
  const s = await setup(kind, 'reject');
  await makeGraded(db(kind), s.ada, s.exercise, 0.5, new Date(DUE.getTime() - DAY));
  await makeGraded(db(kind), s.ada, s.exercise, 1, new Date(DUE.getTime() + DAY));
  await makeGraded(db(kind), s.ben, s.exercise, 1, new Date(DUE.getTime() + DAY));
  let book = await loadGradebook(db(kind), s.owner, s.cohort.id, NOW);
  const score = (id: string) => book.students.find((x) => x.userId === id)!;
  expect(score(s.ada)).toMatchObject({ scores: [50], total: 50, late: [s.assignment.id] });
  expect(score(s.ben)).toMatchObject({ scores: [0], total: 0, late: [s.assignment.id] });
  await updateCohortSettings(db(kind), s.owner, s.cohort.id, { latePolicy: 'accept' });
  book = await loadGradebook(db(kind), s.owner, s.cohort.id, NOW);
  expect(score(s.ben)).toMatchObject({ scores: [100], total: 100, late: [] });
});

test.each(kinds)('%s: an extension moves one student\'s due date and re-decides lateness at once', async (kind) => {
  const s = await setup(kind, 'reject');
  const at = new Date(DUE.getTime() + DAY);
  await makeGraded(db(kind), s.ada, s.exercise, 1, at);
  await makeGraded(db(kind), s.ben, s.exercise, 1, at);
  await setExtension(db(kind), s.owner, s.cohort.id, s.assignment.id, s.ada, new Date(DUE.getTime() + 2 * DAY));
  const rows = (await loadCohortDashboard(db(kind), s.owner, s.cohort.id, query, NOW)).page.rows;
  expect(rows.find((r) => r.userId === s.ada)!.cells[0]).toMatchObject({ late: false, counted: 1 });
  expect(rows.find((r) => r.userId === s.ben)!.cells[0]).toMatchObject({ late: true, counted: 0 });
});

test.each(kinds)('%s: search, struggling filter, sorting and paging happen on the server', async (kind) => {
  const s = await setup(kind);
  for (let i = 0; i < 6; i++) await makeGraded(db(kind), s.ben, s.exercise, 0.1, new Date(NOW.getTime() - DAY + i));
  await makeGraded(db(kind), s.ada, s.exercise, 1, new Date(NOW.getTime() - DAY));
  const get = (raw: Record<string, string>) => loadCohortDashboard(db(kind), s.owner, s.cohort.id, parseMatrixQuery(raw), NOW);
  expect((await get({ q: 'ADA' })).page.rows.map((r) => r.name)).toEqual(['Ada']);
  const struggling = await get({ struggling: '1' });
  expect(struggling.page.rows.map((r) => r.name)).toEqual(['Ben']);
  expect(struggling.page.rows[0]!.struggling[0]).toMatch(/6 failed attempts/);
  expect((await get({ sort: 'total', dir: 'desc' })).page.rows.map((r) => r.name)).toEqual(['Ada', 'Ben']);
  const paged = await get({ size: '10', page: '7', userId: s.ada });
  expect(paged.page).toMatchObject({ page: 1, pageCount: 1, matching: 2 });
});

test.each(kinds)('%s: activity counts submissions and active students per UTC day', async (kind) => {
  const s = await setup(kind);
  const today = NOW;
  await makeGraded(db(kind), s.ada, s.exercise, 0.5, today);
  await makeGraded(db(kind), s.ada, s.second, 0.5, today);
  await makeGraded(db(kind), s.ben, s.exercise, 0.5, today);
  const dash = await loadCohortDashboard(db(kind), s.owner, s.cohort.id, query, NOW);
  expect(dash.activity).toHaveLength(30);
  expect(dash.activity.at(-1)).toEqual({ day: today.toISOString().slice(0, 10), submissions: 3, students: 2 });
});

test.each(kinds)('%s: the tests that fail most come from cohort students\' recent results, with sample messages', async (kind) => {
  const s = await setup(kind);
  const fail = (id: string, message: string) => gradeResult([{ id, message }]);
  await makeGraded(db(kind), s.ada, s.exercise, 0.5, new Date(NOW.getTime() - 3000), { result: fail('shape', 'W has shape [3,3], expected [4,4]') });
  await makeGraded(db(kind), s.ben, s.exercise, 0.5, new Date(NOW.getTime() - 2000), { result: fail('shape', 'W has shape [3,3], expected [4,4]') });
  await makeGraded(db(kind), s.ben, s.exercise, 0.5, new Date(NOW.getTime() - 1000), { result: fail('diag', 'diagonal must be 0') });
  const outsider = await makeUser(db(kind));
  await makeGraded(db(kind), outsider, s.exercise, 0.5, NOW, { result: fail('secret', 'not in this cohort') });
  const insights = await loadAssignmentInsights(db(kind), s.owner, s.cohort.id, s.assignment.id, NOW);
  expect(insights.failing.read).toBe(3);
  expect(insights.failing.tests.map((t) => [t.testId, t.failures])).toEqual([['shape', 2], ['diag', 1]]);
  expect(insights.failing.tests[0]!.samples).toEqual(['W has shape [3,3], expected [4,4]']);
  expect(insights.notPassed.map((n) => n.name)).toEqual(['Ben', 'Ada']);
});

test.each(kinds)('%s: the gradebook CSV has a BOM, a column per assignment, totals and neutralised formulas', async (kind) => {
  const s = await setup(kind, 'mark');
  await db(kind).user.update({ where: { id: s.ben }, data: { name: '=HYPERLINK("x","Ben, Jr.")' } });
  await makeGraded(db(kind), s.ada, s.exercise, 0.75, new Date(DUE.getTime() - DAY));
  const csv = gradebookCsv(await loadGradebook(db(kind), s.owner, s.cohort.id, NOW));
  expect(csv.startsWith(UTF8_BOM)).toBe(true);
  const lines = csv.slice(1).split('\r\n');
  expect(lines[0]).toMatch(/^Name,Email,.+ \(due \d{4}-\d{2}-\d{2}\),Total \(%\),Late,Last activity \(UTC\)$/);
  expect(lines.find((l) => l.startsWith('Ada,'))).toMatch(/,75,75,,\d{4}-/);
  expect(lines.find((l) => l.includes('HYPERLINK'))).toMatch(/^"'=HYPERLINK\(""x"",""Ben, Jr\.""\)",/);
});

test.each(kinds)('%s: history shows code, per-test results and a diff of two attempts, assigned exercises only', async (kind) => {
  const s = await setup(kind);
  const first = await makeGraded(db(kind), s.ada, s.exercise, 0.5, new Date(DUE.getTime() - 2 * DAY), { code: 'a\nb\n' });
  const second = await makeGraded(db(kind), s.ada, s.exercise, 1, new Date(DUE.getTime() + DAY), { code: 'a\nc\n' });
  const unassigned = await makeGraded(db(kind), s.ada, s.second, 1, NOW);
  const history = await loadStudentHistory(db(kind), s.owner, s.cohort.id, s.ada);
  expect(history.submissions.map((h) => [h.id, h.late])).toEqual([[second, true], [first, false]]);
  expect(history.current?.code).toBe('a\nc\n');
  expect(history.current?.result?.tests.length).toBeGreaterThan(0);
  expect(history.compare?.base.id).toBe(first);
  expect(history.compare?.diff.map((l) => l.kind)).toEqual(['same', 'del', 'add']);
  await expect(loadStudentHistory(db(kind), s.owner, s.cohort.id, s.ada, { submissionId: unassigned })).rejects.toMatchObject({ status: 404 });
  await expect(loadStudentHistory(db(kind), s.owner, s.cohort.id, s.owner)).rejects.toMatchObject({ status: 404 });
});

test.each(kinds)('%s: a student\'s overview lists unfinished assignments from all their cohorts, with their extension', async (kind) => {
  const s = await setup(kind);
  const other = await makeUser(db(kind), 'instructor');
  const second = await createCohort(db(kind), other, { name: 'Second', latePolicy: 'accept' });
  await joinCohort(db(kind), s.ada, second.joinCode);
  const later = new Date(NOW.getTime() + 5 * DAY);
  await addAssignments(db(kind), other, second.id, { exerciseUuid: s.second, dueAt: later });
  await setExtension(db(kind), s.owner, s.cohort.id, s.assignment.id, s.ada, new Date(NOW.getTime() + DAY));
  const overview = await loadStudentOverview(db(kind), s.ada, loadCourse(), NOW);
  expect(overview.cohorts).toHaveLength(2);
  expect(overview.due.map((d) => [d.cohortName, d.extended, d.overdue])).toEqual([['C', true, false], ['Second', false, false]]);
  expect(overview.recommended?.reason).toBe('Due for C');
  await makeGraded(db(kind), s.ada, s.exercise, 1, NOW);
  const after = await loadStudentOverview(db(kind), s.ada, loadCourse(), NOW);
  expect(after.due.map((d) => d.cohortName)).toEqual(['Second']);
  expect(after.recent[0]?.score).toBe(1);
});

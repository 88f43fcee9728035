import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { EXERCISE_DIR, INSTRUCTOR, LESSON_PATH, readRepoFile, setEditorCode, signIn } from './helpers';

const solution = readRepoFile(`graders/${EXERCISE_DIR}/solution.ts`);
const meta = JSON.parse(readRepoFile(`exercises/${EXERCISE_DIR}/meta.json`)) as { uuid: string; title: string };

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('e2e-student-pass');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/dashboard');
}

test('an instructor runs a cohort: a student joins and submits, the dashboard and CSV show it, an outsider sees nothing', async ({ browser }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const cohortName = `E2E cohort ${stamp}`;
  const learner = { name: `Cohort Learner ${stamp}`, email: `learner-${stamp}@example.test` };
  const outsiderEmail = `outsider-${stamp}@example.test`;
  const instructor = await (await browser.newContext()).newPage();
  const student = await (await browser.newContext()).newPage();
  const outsider = await (await browser.newContext()).newPage();

  // The instructor creates a cohort and assigns the label-spreading exercise.
  await signIn(instructor, INSTRUCTOR);
  await instructor.goto('/cohorts');
  await instructor.getByLabel('Cohort name').fill(cohortName);
  await instructor.getByRole('button', { name: 'Create cohort' }).click();
  await instructor.waitForURL(/\/cohorts\/[A-Za-z0-9_-]+$/);
  const cohortPath = new URL(instructor.url()).pathname;
  const cohortId = cohortPath.split('/').pop()!;
  const code = (await instructor.getByTestId('join-code').textContent())!.trim();
  await instructor.getByLabel('Exercise').selectOption(`exercise:${meta.uuid}`);
  await instructor.getByLabel('Due (your local time)').fill('2030-06-01T17:00');
  await instructor.getByRole('button', { name: 'Add assignment' }).click();
  await expect(instructor.getByTestId('assignments-table')).toContainText(meta.title);

  // A student opens the join link, joins, and sees the assignment as due next.
  await signUp(student, learner.name, learner.email);
  await student.goto(`/join/${code}`);
  await student.getByRole('button', { name: `Join ${cohortName}` }).click();
  await student.waitForURL('**/dashboard');
  await expect(student.getByTestId('my-cohorts')).toContainText(cohortName);
  await expect(student.getByTestId('due-next')).toContainText(meta.title);

  // ...then solves and submits it.
  await student.goto(LESSON_PATH);
  await setEditorCode(student, solution);
  const posted = student.waitForResponse((r) => r.url().endsWith('/api/submissions') && r.request().method() === 'POST');
  await student.getByRole('button', { name: 'Submit' }).click();
  const submissionId = ((await (await posted).json()) as { id: string }).id;
  await expect(student.getByTestId('server-grade')).toContainText('100%', { timeout: 90_000 });
  await student.goto('/dashboard');
  await expect(student.getByTestId('recent-results')).toContainText('100%');
  await expect(student.getByTestId('due-next')).not.toContainText(meta.title);

  // The instructor finds the student on the dashboard, opens the history, and exports the CSV.
  await instructor.goto(`${cohortPath}?q=${encodeURIComponent(learner.email)}`);
  const row = instructor.getByTestId('cohort-matrix').getByRole('row', { name: new RegExp(learner.name) });
  await expect(row).toContainText('100%');
  await row.getByRole('link', { name: learner.name }).click();
  await instructor.waitForURL(/\/students\//);
  const studentId = new URL(instructor.url()).pathname.split('/').pop()!;
  await expect(instructor.getByTestId('current-submission')).toContainText('100%');
  await expect(instructor.getByTestId('current-submission')).toContainText('export function');

  await instructor.goto(cohortPath);
  const download = instructor.waitForEvent('download');
  await instructor.getByTestId('export-csv').click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const line = csv.split('\r\n').find((l) => l.includes(learner.email));
  expect(line).toMatch(new RegExp(`^${learner.name},${learner.email},100,100,`));

  // The student is a member but not an instructor: the instructor pages are not theirs.
  expect((await student.goto(cohortPath))?.status()).toBe(404);

  // Someone outside the cohort sees neither the cohort nor the student's work.
  await signUp(outsider, `Outsider ${stamp}`, outsiderEmail);
  const page = await outsider.goto(cohortPath);
  expect(page?.status()).toBe(404);
  await expect(outsider.locator('body')).not.toContainText(cohortName);
  const reads = [
    `/api/cohorts/${cohortId}`,
    `/api/cohorts/${cohortId}/gradebook?format=csv`,
    `/api/cohorts/${cohortId}/students/${studentId}`,
    `/api/submissions/${submissionId}?userId=${studentId}`,
  ];
  for (const url of reads) {
    const response = await outsider.request.get(url);
    expect(response.status(), url).toBe(404);
    const body = await response.text();
    expect(body).not.toContain(learner.email);
    expect(body).not.toContain('export function');
  }
  const mine = await outsider.request.get(`/api/cohorts?userId=${studentId}`);
  expect(await mine.text()).not.toContain(cohortName);
  await outsider.goto('/cohorts');
  await expect(outsider.locator('main')).not.toContainText(cohortName);
});

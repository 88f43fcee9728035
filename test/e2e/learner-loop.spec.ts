import { expect, test } from '@playwright/test';
import {
  EXERCISE_DIR,
  LESSON_PATH,
  STUDENT,
  getEditorCode,
  readRepoFile,
  recordForeignRequests,
  runAndWait,
  setEditorCode,
  signIn,
} from './helpers';

const solution = readRepoFile(`graders/${EXERCISE_DIR}/solution.ts`);
const mutant = readRepoFile(`graders/${EXERCISE_DIR}/mutants/no-zero-diagonal.ts`);

test('a student runs the starter, solves the exercise, submits and sees 100% on the dashboard', async ({ page, baseURL }) => {
  const foreign = recordForeignRequests(page, baseURL!);
  await signIn(page, STUDENT);
  await page.goto(LESSON_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Label spreading');
  await expect(page.getByTestId('editor')).toBeVisible();

  // Reset to starter so the test does not depend on an earlier run's draft.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Replace my code' }).click();

  await runAndWait(page);
  const results = page.getByTestId('test-results');
  await expect(results.locator('[data-status="fail"]').first()).toBeVisible();
  await expect(results.locator('[data-status="pass"]')).toHaveCount(0);
  await expect(results).toContainText(/buildAffinity|affinity/i);

  await setEditorCode(page, solution);
  await runAndWait(page);
  await expect(results.locator('[data-status="fail"]')).toHaveCount(0);
  await expect(results.locator('[data-status="pass"]').first()).toBeVisible();

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('server-grade')).toContainText('100%', { timeout: 60_000 });

  await page.goto('/dashboard');
  await expect(page.getByTestId('best-label-spreading')).toContainText('100%');
  expect(foreign).toEqual([]);
});

test('the draft survives a reload', async ({ page }) => {
  await signIn(page, STUDENT);
  await page.goto(LESSON_PATH);
  const marker = `// draft marker ${Date.now()}`;
  await setEditorCode(page, `${solution}\n${marker}\n`);
  await expect(page.getByTestId('save-status')).toContainText(/saved/i, { timeout: 15_000 });
  await page.reload();
  await expect.poll(async () => getEditorCode(page).catch(() => '')).toContain(marker);
});

test('a wrong solution gets less than 100% and the failing test is named', async ({ page }) => {
  await signIn(page, STUDENT);
  await page.goto(LESSON_PATH);
  await setEditorCode(page, mutant);
  await page.getByRole('button', { name: 'Submit' }).click();
  const grade = page.getByTestId('server-grade');
  await expect(grade).toBeVisible({ timeout: 60_000 });
  await expect(grade).toContainText(/Server grade\s*\d+%/);
  const percent = Number((await grade.textContent())?.match(/Server grade\s*(\d+)%/)?.[1]);
  expect(percent).toBeLessThan(100);
  await expect(grade.locator('[data-status="fail"]').first()).toBeVisible();
  await expect(grade).toContainText(/W\[|diagonal|affinit/i);
});

test('an infinite loop is stopped with a clear message and the next run works', async ({ page }) => {
  await signIn(page, STUDENT);
  await page.goto(LESSON_PATH);
  await setEditorCode(page, solution.replace(/export function buildAffinity\(([^)]*)\)([^{]*)\{/, 'export function buildAffinity($1)$2{\n  while (true) {}\n'));
  await runAndWait(page);
  await expect(page.getByText(/time limit|timed out|stopped/i).first()).toBeVisible();
  // The page stayed responsive: the editor still takes input and a fresh run passes.
  await setEditorCode(page, solution);
  await runAndWait(page);
  await expect(page.getByTestId('test-results').locator('[data-status="fail"]')).toHaveCount(0);
});

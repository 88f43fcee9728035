import { expect, test } from '@playwright/test';
import { STUDENT, readRepoFile, runAndWait, setEditorCode, signIn } from './helpers';

const solution = readRepoFile('graders/02-self-supervised/01-nt-xent/solution.ts');

test('module 02: a student takes the NT-Xent exercise from the starter to a 100% server grade', async ({ page }) => {
  await signIn(page, STUDENT);
  await page.goto('/learn/02-self-supervised/02-contrastive-learning');
  await expect(page.getByTestId('editor')).toBeVisible();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Replace my code' }).click();

  await runAndWait(page);
  const results = page.getByTestId('test-results');
  await expect(results.locator('[data-status="fail"]').first()).toBeVisible();

  await setEditorCode(page, solution);
  await runAndWait(page);
  await expect(results.locator('[data-status="fail"]')).toHaveCount(0);
  await expect(results.locator('[data-status="pass"]').first()).toBeVisible();

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('server-grade')).toContainText(/Server grade\s*100%/, { timeout: 60_000 });
});

test('a concept check is graded on the server and explains each answer', async ({ page }) => {
  await signIn(page, STUDENT);
  await page.goto('/learn/01-semi-supervised/04-label-spreading');
  const check = page.getByTestId('concept-check');
  await check.getByRole('radio', { name: /F stays equal to Y/ }).check();
  await check.getByRole('button', { name: 'Check answers' }).click();
  await expect(check).toContainText(/You got \d+%/);
  await expect(check.locator('[data-correct="true"]').first()).toBeVisible();
  await expect(check.locator('[data-correct="false"]').first()).toBeVisible();
});

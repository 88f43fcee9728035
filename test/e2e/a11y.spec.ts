import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LESSON_PATH, STUDENT, signIn } from './helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  // Monaco's own widgets are third-party and checked upstream; everything else is ours.
  const results = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

test('the course map and sign-in page have no serious accessibility violations', async ({ page }) => {
  await page.goto('/');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/sign-in');
  expect(await seriousViolations(page)).toEqual([]);
});

test('a lesson with its exercise workspace and the dashboard have no serious accessibility violations', async ({ page }) => {
  await signIn(page, STUDENT);
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(LESSON_PATH);
  await expect(page.getByTestId('editor')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

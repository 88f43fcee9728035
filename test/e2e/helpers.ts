import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const STUDENT = { email: 'student@example.com', password: 'student-demo-pass' };
export const INSTRUCTOR = { email: 'instructor@example.com', password: 'instructor-demo-pass' };
export const LESSON_PATH = '/learn/01-semi-supervised/04-label-spreading';

const root = path.resolve(import.meta.dirname, '..', '..');
export const EXERCISE_DIR = '01-semi-supervised/01-label-spreading';

export function readRepoFile(rel: string): string {
  return readFileSync(path.join(root, rel), 'utf8');
}

export function exerciseMeta(): { uuid: string; slug: string } {
  return JSON.parse(readRepoFile(`exercises/${EXERCISE_DIR}/meta.json`)) as { uuid: string; slug: string };
}

export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/dashboard');
}

export async function setEditorCode(page: Page, code: string): Promise<void> {
  await page.waitForFunction(() => typeof (window as unknown as { __editorSetValue?: unknown }).__editorSetValue === 'function');
  await page.evaluate((c) => (window as unknown as { __editorSetValue: (v: string) => void }).__editorSetValue(c), code);
}

export async function getEditorCode(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __editorGetValue: () => string }).__editorGetValue());
}

export async function runAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({ timeout: 60_000 });
}

/** Records every request the page makes to a host other than the app's own. */
export function recordForeignRequests(page: Page, baseURL: string): string[] {
  const own = new URL(baseURL).host;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return;
    if (url.host !== own) foreign.push(request.url());
  });
  return foreign;
}

import { expect, test } from '@playwright/test';
import { STUDENT, exerciseMeta, readRepoFile, signIn, EXERCISE_DIR } from './helpers';

test('a POST carrying a forged score stores the server grade, not the forged one', async ({ page, baseURL }) => {
  await signIn(page, STUDENT);
  const { uuid } = exerciseMeta();
  const starter = readRepoFile(`exercises/${EXERCISE_DIR}/starter.ts`);
  const response = await page.request.post('/api/submissions', {
    headers: { origin: baseURL! },
    data: { exerciseId: uuid, code: starter, score: 1, passed: true, status: 'DONE', userId: 'someone-else', clientScore: 1 },
  });
  expect(response.status()).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/submissions/${id}`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('DONE');
  const stored = (await (await page.request.get(`/api/submissions/${id}`)).json()) as { score: number };
  expect(stored.score).toBeLessThan(1);
});

test('invalid API bodies get a 4xx with a message and never a stack trace', async ({ page, baseURL }) => {
  await signIn(page, STUDENT);
  const headers = { origin: baseURL!, 'content-type': 'application/json' };
  const malformed = await page.request.post('/api/submissions', { headers, data: '{not json' });
  expect(malformed.status()).toBe(400);
  expect(await malformed.text()).not.toMatch(/at .+\.(ts|js):\d+/);
  const unknown = await page.request.post('/api/submissions', {
    headers,
    data: { exerciseId: '00000000-0000-4000-8000-000000000000', code: 'x' },
  });
  expect(unknown.status()).toBe(404);
  const huge = await page.request.post('/api/submissions', {
    headers,
    data: { exerciseId: exerciseMeta().uuid, code: 'x'.repeat(300_000) },
  });
  expect(huge.status()).toBe(413);
  const body = (await huge.json()) as { error: string };
  expect(body.error).toMatch(/too large/);
});

test('requests from another origin or a sandboxed frame (Origin: null) are refused', async ({ page }) => {
  await signIn(page, STUDENT);
  for (const origin of ['https://evil.example', 'null']) {
    const response = await page.request.post('/api/submissions', {
      headers: { origin },
      data: { exerciseId: exerciseMeta().uuid, code: 'x' },
    });
    expect(response.status()).toBe(403);
  }
});

test('signed-out requests to the API get 401', async ({ request }) => {
  const response = await request.get('/api/drafts/00000000-0000-4000-8000-000000000000');
  expect(response.status()).toBe(401);
});

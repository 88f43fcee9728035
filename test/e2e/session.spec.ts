import { expect, test, type APIRequestContext, type Cookie } from '@playwright/test';
import { exerciseMeta, signIn } from './helpers';

// Over http (how e2e serves the app) the session cookie has no __Host- prefix; lib/auth/cookies.ts.
const SESSION_COOKIE = 'next-auth.session-token';

async function draftStatus(request: APIRequestContext, cookie: Cookie): Promise<number> {
  const response = await request.get(`/api/drafts/${exerciseMeta().uuid}`, {
    headers: { cookie: `${cookie.name}=${cookie.value}` },
  });
  return response.status();
}

test('after sign-out a replayed session cookie gets 401 and no dashboard; the cookies are HttpOnly and SameSite=Lax', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  // A fresh account: sign-out revokes every session of its user, which must not hit other specs.
  const account = { name: 'Session Lifecycle', email: `session-${Date.now()}@example.test`, password: 'e2e-session-pass' };
  const signUp = await request.post('/api/signup', { headers: { origin: baseURL! }, data: account });
  expect(signUp.status()).toBe(201);
  await signIn(page, account);

  const authCookies = (await page.context().cookies()).filter((c) => c.name.includes('next-auth.'));
  const session = authCookies.find((c) => c.name === SESSION_COOKIE);
  expect(session).toBeDefined();
  for (const cookie of authCookies) {
    expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  }
  expect(await page.evaluate(() => document.cookie)).not.toContain('session-token');

  // The old cookie works before sign-out: a draft saved with it reads back (200, not 401).
  const saved = await page.request.put(`/api/drafts/${exerciseMeta().uuid}`, {
    headers: { origin: baseURL! },
    data: { code: '// saved before sign-out' },
  });
  expect(saved.ok()).toBe(true);
  expect(await draftStatus(request, session!)).toBe(200);
  const live = await request.get('/api/auth/session', { headers: { cookie: `${session!.name}=${session!.value}` } });
  expect((await live.json()).user).toMatchObject({ email: account.email });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);

  // Replaying the copied cookie after sign-out: the API refuses it and the dashboard sends to sign-in.
  expect(await draftStatus(request, session!)).toBe(401);
  const replay = await request.put(`/api/drafts/${exerciseMeta().uuid}`, {
    headers: { origin: baseURL!, cookie: `${session!.name}=${session!.value}` },
    data: { code: '// written with a revoked cookie' },
  });
  expect(replay.status()).toBe(401);
  // next-auth's session endpoint must not describe the owner of a revoked cookie either.
  const described = await request.get('/api/auth/session', { headers: { cookie: `${session!.name}=${session!.value}` } });
  expect(await described.json()).toEqual({});
  const thief = await browser.newContext();
  await thief.addCookies([session!]);
  const thiefPage = await thief.newPage();
  await thiefPage.goto('/dashboard');
  await expect(thiefPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await thief.close();

  // Signing in again works and mints a new cookie; the draft is untouched by the replayed write.
  await signIn(page, account);
  await expect(page.getByText(`Signed in as ${account.name}`)).toBeVisible();
  const fresh = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(fresh?.value).not.toBe(session!.value);
  const draft = await page.request.get(`/api/drafts/${exerciseMeta().uuid}`);
  expect(draft.status()).toBe(200);
  expect(((await draft.json()) as { code: string }).code).toBe('// saved before sign-out');
  expect(await draftStatus(request, session!)).toBe(401);
});

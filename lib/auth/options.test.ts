import { encode } from 'next-auth/jwt';
import { getServerSession } from 'next-auth/next';
import { afterEach, expect, test, vi } from 'vitest';

const secret = 'a-test-secret-that-is-at-least-32-characters';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** authOptions as a server started with this public URL builds them (they are read at import). */
async function optionsFor(publicUrl: string) {
  vi.stubEnv('NEXTAUTH_URL', publicUrl);
  vi.stubEnv('NEXTAUTH_SECRET', secret);
  vi.resetModules();
  return (await import('./options')).authOptions;
}

/** Asks next-auth itself for the session carried by these cookies; returns it and the Set-Cookie it sent. */
async function readSession(options: Awaited<ReturnType<typeof optionsFor>>, cookies: Record<string, string>) {
  const headers = new Map<string, string[]>();
  const res = {
    getHeader: (name: string) => headers.get(name),
    setHeader: (name: string, value: string[]) => headers.set(name, value),
  };
  const session = await getServerSession({ headers: {}, cookies } as never, res as never, options);
  return { session: session as { user?: { id?: string } } | null, setCookie: headers.get('Set-Cookie') ?? [] };
}

const token = () => encode({ token: { sub: 'user-1', sv: 0 }, secret });

test('behind https next-auth reads the session from __Host-next-auth.session-token and re-sets it Secure, HttpOnly, Lax, Path=/', async () => {
  const options = await optionsFor('https://learn.example.org');
  const { session, setCookie } = await readSession(options, { '__Host-next-auth.session-token': await token() });
  expect(session?.user?.id).toBe('user-1');
  const refreshed = setCookie.find((c) => c.startsWith('__Host-next-auth.session-token='));
  expect(refreshed).toBeDefined();
  expect(refreshed).toMatch(/; Path=\/(;|$)/);
  expect(refreshed).toMatch(/; HttpOnly(;|$)/);
  expect(refreshed).toMatch(/; Secure(;|$)/);
  expect(refreshed).toMatch(/; SameSite=Lax(;|$)/);
  expect(refreshed).not.toMatch(/Domain=/i);
});

test('behind https a token under next-auth\'s default __Secure- name is ignored', async () => {
  const options = await optionsFor('https://learn.example.org');
  const { session } = await readSession(options, { '__Secure-next-auth.session-token': await token() });
  expect(session).toBeNull();
});

test('over http the session cookie is unprefixed and not Secure, so the local demo and e2e keep working', async () => {
  const options = await optionsFor('http://localhost:3000');
  const { session, setCookie } = await readSession(options, { 'next-auth.session-token': await token() });
  expect(session?.user?.id).toBe('user-1');
  const refreshed = setCookie.find((c) => c.startsWith('next-auth.session-token='));
  expect(refreshed).toMatch(/; HttpOnly(;|$)/);
  expect(refreshed).toMatch(/; SameSite=Lax(;|$)/);
  expect(refreshed).not.toMatch(/Secure/);
});

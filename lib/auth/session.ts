import 'server-only';
import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { getDb } from '@/lib/db/client';
import { selectSessionUser } from '@/lib/db/users';
import { authOptions } from './options';
import { parseRole, type Role } from './roles';
import { isSessionCurrent, SESSION_VERSION_CLAIM } from './session-version';

export type CurrentUser = { id: string; email: string; name: string; role: Role };

type SessionClaims = { id?: string; sessionVersion?: unknown };

const SESSION_COOKIE = authOptions.cookies?.sessionToken?.name ?? 'next-auth.session-token';

/**
 * The session cookie's claims. With a configured secret the cookie is decrypted directly by
 * next-auth's own getToken (same cookie name, chunking, A256GCM JWE and clock tolerance); that is
 * all getServerSession does here too, after running the whole auth handler and re-encrypting a
 * refreshed token that a route handler or server component cannot send back anyway. That round
 * trip was ~2 ms of every API request (docs/benchmarks.md, 2026-12-08). Without a secret
 * (development), next-auth derives one from the options, so the handler is asked instead.
 */
async function readSessionClaims(): Promise<SessionClaims | null> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) {
    const session = await getServerSession(authOptions);
    return (session?.user as SessionClaims | undefined) ?? null;
  }
  const jar = await cookies();
  const token = await getToken({
    // Cookies only: unlike getToken's default, an Authorization: Bearer header is not a session here.
    req: { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} } as Parameters<typeof getToken>[0]['req'],
    // The very cookie next-auth sets (options.ts), so the two can never disagree on its name.
    cookieName: SESSION_COOKIE,
    secureCookie: authOptions.useSecureCookies ?? false,
    secret,
  });
  if (!token?.sub) return null;
  return { id: token.sub, sessionVersion: token[SESSION_VERSION_CLAIM] };
}

/** The signed-in user as the database knows them now, or null (also after they signed out). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const claims = await readSessionClaims();
  const id = claims?.id;
  if (!id) return null;
  const user = await selectSessionUser(await getDb(), id);
  if (!user || !isSessionCurrent(claims.sessionVersion, user.sessionVersion)) return null;
  return { id: user.id, email: user.email, name: user.name, role: parseRole(user.role) };
}

import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/lib/db/client';
import { bumpSessionVersion } from '@/lib/db/users';
import { log } from '@/lib/log';
import { clientAddress } from './client-address';
import { authCookies, isHttpsUrl } from './cookies';
import { authenticate } from './credentials';
import { SESSION_VERSION_CLAIM } from './session-version';

// Read the way next-auth reads it (NEXTAUTH_URL, utils/detect-origin), and not through env(): this
// module is loaded during `next build`, where production secrets need not be set.
const secureCookies = isHttpsUrl(process.env.NEXTAUTH_URL);

export const authOptions: NextAuthOptions = {
  // JWT carries only the user id and the session version it was minted with; role, existence and
  // the current version are read from the database on every request (lib/auth/session.ts), so a
  // demotion, deletion or sign-out takes effect immediately.
  session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: '/sign-in' },
  useSecureCookies: secureCookies,
  cookies: authCookies(secureCookies),
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      authorize: async (credentials, req) => authenticate(credentials, clientAddress(req?.headers)),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token[SESSION_VERSION_CLAIM] = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        const sessionUser = session.user as { id?: string; sessionVersion?: unknown };
        sessionUser.id = token.sub;
        sessionUser.sessionVersion = token[SESSION_VERSION_CLAIM];
      }
      return session;
    },
  },
  events: {
    // Revokes every token minted so far for this user, including a copied or replayed cookie.
    async signOut({ token }) {
      const userId = token?.sub;
      if (!userId) return;
      try {
        await bumpSessionVersion(await getDb(), userId);
      } catch (error) {
        log.error('sign-out could not revoke the session', { userId, error });
      }
    },
  },
};

import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import {
  clearLoginFailures,
  countRecentAddressFailures,
  countRecentLoginFailures,
  insertAddressFailure,
  insertLoginFailure,
  selectUserByEmail,
} from '@/lib/db/users';
import { verifyPassword } from './password';

export const CredentialsSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

/** Failed sign-ins per account per hour before the account is throttled (ASVS 2.2.1 asks < 100). */
export const MAX_FAILURES_PER_HOUR = 20;

/**
 * Failed sign-ins per client address per hour, whatever the email, before that address is refused:
 * stops one client spraying many accounts while staying under each account's own limit.
 */
export const MAX_ADDRESS_FAILURES_PER_HOUR = 50;

// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = '$2b$10$DNYoBpM/IXS3OaImTsJYfupwcQxkp8fXoJIgYhiACEPAtANjWLQWK';

export type AuthenticatedUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * Checks an email and password. `address` is the client address (lib/auth/client-address.ts);
 * every refusal looks the same to the caller (null), whether the password was wrong, the email
 * unknown, or the account or address throttled.
 */
export async function authenticate(raw: unknown, address = 'unknown'): Promise<AuthenticatedUser | null> {
  const parsed = CredentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const since = new Date(Date.now() - 60 * 60 * 1000);
  const fail = async (userId?: string): Promise<null> => {
    if (userId) await insertLoginFailure(db, userId);
    await insertAddressFailure(db, address, since);
    return null;
  };
  if ((await countRecentAddressFailures(db, address, since)) >= MAX_ADDRESS_FAILURES_PER_HOUR) {
    // same cost as a real check, so the refusal is not visible in the timing either
    await verifyPassword(parsed.data.password, DUMMY_HASH);
    return null;
  }
  const user = await selectUserByEmail(db, parsed.data.email);
  if (!user) {
    await verifyPassword(parsed.data.password, DUMMY_HASH);
    return fail();
  }
  if ((await countRecentLoginFailures(db, user.id, since)) >= MAX_FAILURES_PER_HOUR) return fail();
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return fail(user.id);
  await clearLoginFailures(db, user.id);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import {
  clearLoginFailures,
  countRecentLoginFailures,
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

// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = '$2b$10$DNYoBpM/IXS3OaImTsJYfupwcQxkp8fXoJIgYhiACEPAtANjWLQWK';

export async function authenticate(raw: unknown): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = CredentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const user = await selectUserByEmail(db, parsed.data.email);
  if (!user) {
    await verifyPassword(parsed.data.password, DUMMY_HASH);
    return null;
  }
  const since = new Date(Date.now() - 60 * 60 * 1000);
  if ((await countRecentLoginFailures(db, user.id, since)) >= MAX_FAILURES_PER_HOUR) return null;
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) {
    await insertLoginFailure(db, user.id);
    return null;
  }
  await clearLoginFailures(db, user.id);
  return { id: user.id, email: user.email, name: user.name };
}

import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { insertUser, selectUserByEmail } from '@/lib/db/users';
import { HttpError } from '@/lib/http/responses';
import { hashPassword } from './password';

export const SignUpSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name').max(100),
    email: z.email('Enter a valid email address').max(254),
    password: z.string().min(8, 'Use at least 8 characters').max(200),
  })
  .strict();

/** Every self-registered account is a student; staff roles are granted by an admin. */
export async function signUp(input: z.infer<typeof SignUpSchema>): Promise<{ id: string }> {
  const db = await getDb();
  if (await selectUserByEmail(db, input.email)) {
    throw new HttpError(409, 'An account with this email already exists. Sign in instead.');
  }
  const user = await insertUser(db, {
    name: input.name,
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: 'student',
  });
  return { id: user.id };
}

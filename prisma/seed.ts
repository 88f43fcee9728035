/**
 * Idempotent demo data: a student and an instructor whose credentials the README lists.
 * Safe to run on every start; passwords are reset to the documented ones.
 */
import { createDb } from '../lib/db/client';
import { upsertUser } from '../lib/db/users';
import { hashPassword } from '../lib/auth/password';

export const DEMO_ACCOUNTS = [
  { email: 'student@example.com', name: 'Demo Student', password: 'student-demo-pass', role: 'student' },
  { email: 'instructor@example.com', name: 'Demo Instructor', password: 'instructor-demo-pass', role: 'instructor' },
] as const;

const url = process.env.DATABASE_URL ?? 'file:./data/app.db';
const db = await createDb(url);
for (const account of DEMO_ACCOUNTS) {
  await upsertUser(db, {
    email: account.email,
    name: account.name,
    role: account.role,
    passwordHash: await hashPassword(account.password),
  });
}
await db.$disconnect();
console.log(`Seeded ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`);

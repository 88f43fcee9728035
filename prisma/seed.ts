/**
 * Idempotent demo data: a student and an instructor whose credentials the README lists.
 * Safe to run on every start; passwords are reset to the documented ones.
 *
 * `npm run db:seed -- --demo-cohort 1000` also adds a demo cohort of 1,000 students with a term of
 * submissions (scripts/seed-demo-cohort.ts).
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
console.log(`Seeded ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`);
const flag = process.argv.indexOf('--demo-cohort');
if (flag >= 0) {
  const count = Number(process.argv[flag + 1] ?? '1000');
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('--demo-cohort takes a student count (1..100000)');
  const { describeDemoCohort, seedDemoCohortFor } = await import('../scripts/seed-demo-cohort');
  console.log(describeDemoCohort(await seedDemoCohortFor(db, count)));
}
await db.$disconnect();

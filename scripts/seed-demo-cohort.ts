/**
 * Adds a demo cohort of N students with a term of realistic submissions across every exercise,
 * owned by the demo instructor (the demo student joins it too). Idempotent: a second run finds the
 * cohort by its join code and does nothing.
 *
 *   npm run db:seed -- --demo-cohort 1000
 *   NODE_OPTIONS=--conditions=react-server npx tsx scripts/seed-demo-cohort.ts 1000
 */
import { pathToFileURL } from 'node:url';
import { hashPassword } from '../lib/auth/password';
import type { Db } from '../lib/db/client';
import { selectUserByEmail } from '../lib/db/users';
import { seedDemoCohort, type DemoCohortResult } from '../lib/cohorts/demo-cohort';

export const DEMO_STUDENT_PASSWORD = 'demo-cohort-pass';

export async function seedDemoCohortFor(db: Db, students: number): Promise<DemoCohortResult> {
  const owner = await selectUserByEmail(db, 'instructor@example.com');
  if (!owner) throw new Error('Run the plain seed first: the demo instructor owns the demo cohort.');
  const student = await selectUserByEmail(db, 'student@example.com');
  return seedDemoCohort(db, {
    students,
    ownerId: owner.id,
    name: `Demo cohort (${students} students)`,
    joinCode: `DEMO${students}`,
    passwordHash: await hashPassword(DEMO_STUDENT_PASSWORD),
    extraStudentIds: student ? [student.id] : [],
  });
}

export function describeDemoCohort(result: DemoCohortResult): string {
  if (result.skipped) return `Demo cohort already present (${result.cohortId}); nothing to do.`;
  return (
    `Demo cohort ${result.cohortId}: ${result.students} students, ${result.assignments} assignments, ` +
    `${result.submissions} submissions in ${(result.ms / 1000).toFixed(1)} s ` +
    `(students sign in as student0001.demo${result.students}@demo.example.test / ${DEMO_STUDENT_PASSWORD})`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { createDb } = await import('../lib/db/client');
  const count = Number(process.argv[2] ?? '1000');
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('usage: seed-demo-cohort.ts <students 1..100000>');
  const db = await createDb(process.env.DATABASE_URL ?? 'file:./data/app.db');
  console.log(describeDemoCohort(await seedDemoCohortFor(db, count)));
  await db.$disconnect();
}

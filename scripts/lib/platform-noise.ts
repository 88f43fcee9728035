import { randomUUID } from 'node:crypto';
import { insertMembersBulk, insertSubmissionsBulk, insertUsersBulk, type BulkSubmission } from '@/lib/db/bulk';
import type { Db } from '@/lib/db/client';
import { insertCohort } from '@/lib/db/cohorts';
import { insertUser } from '@/lib/db/users';
import { allExercises } from '@/lib/exercises/catalogue';
import { mulberry32 } from '@/lib/datasets/prng';

const PER_COHORT = 1000;
const DAY = 24 * 60 * 60 * 1000;
// Small rows: the point is the row count the planner sees, not the bytes.
const RESULT = JSON.stringify({ version: 1, status: 'fail', score: 0.5, tests: [], graderVersion: 'noise', durationMs: 1 });

/**
 * Everyone else on the platform, for the benchmark: `students` users in cohorts of 1,000 with
 * about `perStudent` graded submissions each over the last 35 days, so the measured cohort is a
 * small slice of every table.
 */
export async function seedOtherCohorts(
  db: Db,
  students: number,
  perStudent: number,
): Promise<{ students: number; cohorts: number; submissions: number; ms: number }> {
  const started = performance.now();
  const rand = mulberry32(7);
  const owner = await insertUser(db, { email: 'others@example.test', name: 'Others', passwordHash: 'x', role: 'instructor' });
  const uuids = allExercises().map((e) => e.meta.uuid);
  const now = Date.now();
  let submissions = 0;
  let cohorts = 0;
  for (let start = 0; start < students; start += PER_COHORT) {
    const size = Math.min(PER_COHORT, students - start);
    const cohort = await insertCohort(db, { name: `Other ${cohorts}`, ownerId: owner.id, joinCode: `OTHER${cohorts}`, latePolicy: 'accept' });
    cohorts++;
    const ids = Array.from({ length: size }, () => randomUUID().replace(/-/g, ''));
    await insertUsersBulk(db, ids.map((id, i) => ({ id, email: `o${start + i}@others.test`, name: `Other ${start + i}`, passwordHash: 'x', role: 'student' })));
    await insertMembersBulk(db, ids.map((userId) => ({ cohortId: cohort.id, userId, role: 'student' })));
    const rows: BulkSubmission[] = [];
    for (const userId of ids) {
      const count = Math.round(perStudent * 2 * rand());
      for (let k = 0; k < count; k++) {
        const createdAt = new Date(now - rand() * 35 * DAY);
        const score = Math.round(rand() * 10) / 10;
        rows.push({
          userId,
          exerciseUuid: uuids[Math.floor(rand() * uuids.length)]!,
          code: 'x',
          codeHash: 'h',
          seed: 1,
          status: 'DONE',
          outcome: score === 1 ? 'pass' : 'fail',
          score,
          result: RESULT,
          graderVersionId: null,
          createdAt,
          gradedAt: createdAt,
        });
      }
    }
    await insertSubmissionsBulk(db, rows, 1000);
    submissions += rows.length;
  }
  return { students, cohorts, submissions, ms: performance.now() - started };
}

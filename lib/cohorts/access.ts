import 'server-only';
import { parseRole, type Role } from '@/lib/auth/roles';
import type { Db } from '@/lib/db/client';
import { selectCohort, selectUserAccess, type CohortRow } from '@/lib/db/cohorts';
import { selectUserById } from '@/lib/db/users';
import { HttpError } from '@/lib/http/responses';
import { parseLatePolicy, type LatePolicy } from './late-policy';

export type CohortStaffAccess = {
  cohort: CohortRow;
  policy: LatePolicy;
  actorId: string;
  actorRole: Role;
  isOwner: boolean;
};

const ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Path ids are checked for shape before any query; a malformed one reads as missing. */
export function assertId(value: string, what: string): string {
  if (!ID.test(value)) throw new HttpError(404, `No such ${what}.`);
  return value;
}

/**
 * Instructor rights on one cohort, decided from the database on every call (never from the
 * session token): an instructor member whose account is still an instructor, or an admin. A
 * member without those rights gets 403; anyone else gets the same 404 as a missing cohort, so
 * cohort ids cannot be probed.
 */
export async function requireCohortStaff(db: Db, actorId: string, cohortId: string): Promise<CohortStaffAccess> {
  assertId(cohortId, 'cohort');
  const [access, cohort] = await Promise.all([selectUserAccess(db, actorId, cohortId), selectCohort(db, cohortId)]);
  if (!access) throw new HttpError(401, 'Sign in first.');
  if (!cohort) throw new HttpError(404, 'No such cohort.');
  const actorRole = parseRole(access.role);
  const staff = actorRole === 'admin' || (actorRole === 'instructor' && access.memberRole === 'instructor');
  if (!staff) {
    if (access.memberRole) throw new HttpError(403, "Only this cohort's instructors can do that.");
    throw new HttpError(404, 'No such cohort.');
  }
  return { cohort, policy: parseLatePolicy(cohort.latePolicy), actorId, actorRole, isOwner: cohort.ownerId === actorId };
}

/** Creating cohorts is for instructor and admin accounts (read from the database now). */
export async function requireInstructorAccount(db: Db, actorId: string): Promise<Role> {
  const user = await selectUserById(db, actorId);
  if (!user) throw new HttpError(401, 'Sign in first.');
  const role = parseRole(user.role);
  if (role !== 'instructor' && role !== 'admin') throw new HttpError(403, 'Only instructors can create cohorts.');
  return role;
}

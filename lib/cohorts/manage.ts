import 'server-only';
import { randomInt } from 'node:crypto';
import { parseRole } from '@/lib/auth/roles';
import type { Db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/write-first';
import {
  deleteMember,
  insertCohort,
  insertMemberIfMissing,
  selectAllCohorts,
  selectCohortByJoinCode,
  selectMember,
  selectMembers,
  selectMembershipsOfUser,
  updateCohort,
  updateMemberRole,
  type CohortRow,
  type MemberRow,
} from '@/lib/db/cohorts';
import { selectUserById } from '@/lib/db/users';
import { HttpError } from '@/lib/http/responses';
import { assertId, requireCohortStaff, requireInstructorAccount } from './access';
import type { CreateCohortBody, UpdateCohortBody } from './schemas';

// No 0/O or 1/I: codes are read aloud and copied from slides.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What people type or paste: any case, spaces or dashes. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export async function createCohort(db: Db, actorId: string, body: CreateCohortBody): Promise<CohortRow> {
  await requireInstructorAccount(db, actorId);
  for (let tries = 0; ; tries++) {
    try {
      return await insertCohort(db, { name: body.name, latePolicy: body.latePolicy, ownerId: actorId, joinCode: newJoinCode() });
    } catch (error) {
      // 32^8 codes make a collision rare; retry a few times rather than fail the request.
      if (!isUniqueViolation(error) || tries >= 4) throw error;
    }
  }
}

export async function updateCohortSettings(db: Db, actorId: string, cohortId: string, body: UpdateCohortBody): Promise<CohortRow> {
  await requireCohortStaff(db, actorId, cohortId);
  return updateCohort(db, cohortId, {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.latePolicy !== undefined ? { latePolicy: body.latePolicy } : {}),
    ...(body.rotateJoinCode ? { joinCode: newJoinCode() } : {}),
  });
}

/** Joins as a student; joining again is harmless and keeps an existing role. */
export async function joinCohort(
  db: Db,
  actorId: string,
  code: string,
): Promise<{ cohortId: string; name: string; role: string; created: boolean }> {
  if (!(await selectUserById(db, actorId))) throw new HttpError(401, 'Sign in first.');
  const cohort = await selectCohortByJoinCode(db, normalizeJoinCode(code));
  if (!cohort) throw new HttpError(404, 'No cohort has this join code. Check it with your instructor.');
  const { role, created } = await insertMemberIfMissing(db, cohort.id, actorId);
  return { cohortId: cohort.id, name: cohort.name, role, created };
}

export async function previewJoinCode(db: Db, code: string): Promise<{ name: string } | null> {
  const cohort = await selectCohortByJoinCode(db, normalizeJoinCode(code));
  return cohort ? { name: cohort.name } : null;
}

export type MyCohorts = {
  teaching: Array<{ id: string; name: string; isOwner: boolean }>;
  studying: Array<{ id: string; name: string; joinedAt: Date }>;
  /** Admins oversee every cohort; empty for everyone else. */
  all: Array<{ id: string; name: string }>;
};

/** Only the signed-in user's own memberships: there is no way to ask for someone else's. */
export async function listMyCohorts(db: Db, actorId: string): Promise<MyCohorts> {
  const user = await selectUserById(db, actorId);
  if (!user) throw new HttpError(401, 'Sign in first.');
  const role = parseRole(user.role);
  const memberships = await selectMembershipsOfUser(db, actorId);
  const canTeach = role === 'instructor' || role === 'admin';
  return {
    teaching: memberships
      .filter((m) => m.role === 'instructor' && canTeach)
      .map((m) => ({ id: m.cohortId, name: m.name, isOwner: m.ownerId === actorId })),
    studying: memberships.filter((m) => m.role === 'student').map((m) => ({ id: m.cohortId, name: m.name, joinedAt: m.joinedAt })),
    all: role === 'admin' ? (await selectAllCohorts(db, 500)).map((c) => ({ id: c.id, name: c.name })) : [],
  };
}

export async function loadRoster(db: Db, actorId: string, cohortId: string): Promise<{ cohort: CohortRow; members: MemberRow[] }> {
  const { cohort } = await requireCohortStaff(db, actorId, cohortId);
  const members = await selectMembers(db, cohortId);
  members.sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'instructor' ? -1 : 1));
  return { cohort, members };
}

export async function changeMemberRole(
  db: Db,
  actorId: string,
  cohortId: string,
  userId: string,
  role: 'student' | 'instructor',
): Promise<void> {
  const { cohort } = await requireCohortStaff(db, actorId, cohortId);
  const member = await selectMember(db, cohortId, assertId(userId, 'member'));
  if (!member) throw new HttpError(404, 'No such member.');
  if (member.userId === cohort.ownerId) throw new HttpError(409, "The cohort's owner always stays an instructor.");
  const globalRole = parseRole(member.globalRole);
  if (role === 'instructor' && globalRole !== 'instructor' && globalRole !== 'admin') {
    throw new HttpError(
      409,
      `${member.name} has a student account. Ask an admin to make it an instructor account first; co-instructors need one.`,
    );
  }
  await updateMemberRole(db, cohortId, member.userId, role);
}

/** Staff remove anyone but the owner; a student may also remove themselves (leave). */
export async function removeMember(db: Db, actorId: string, cohortId: string, userId: string): Promise<void> {
  assertId(cohortId, 'cohort');
  assertId(userId, 'member');
  if (actorId === userId) {
    const self = await selectMember(db, cohortId, userId);
    if (!self) throw new HttpError(404, 'No such cohort.');
    if (self.role === 'student') {
      await deleteMember(db, cohortId, userId);
      return;
    }
  }
  const { cohort } = await requireCohortStaff(db, actorId, cohortId);
  if (userId === cohort.ownerId) throw new HttpError(409, "The cohort's owner cannot be removed.");
  if (!(await deleteMember(db, cohortId, userId))) throw new HttpError(404, 'No such member.');
}

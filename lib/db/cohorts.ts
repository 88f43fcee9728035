import 'server-only';
import type { Db } from './client';
import { isUniqueViolation } from './write-first';

export type CohortRow = {
  id: string;
  name: string;
  joinCode: string;
  ownerId: string;
  latePolicy: string;
  createdAt: Date;
};

const cohortFields = { id: true, name: true, joinCode: true, ownerId: true, latePolicy: true, createdAt: true } as const;

/** Creates the cohort and makes its owner an instructor member in one statement. */
export async function insertCohort(
  db: Db,
  data: { name: string; ownerId: string; joinCode: string; latePolicy: string },
): Promise<CohortRow> {
  return db.cohort.create({
    data: { ...data, members: { create: { userId: data.ownerId, role: 'instructor' } } },
    select: cohortFields,
  });
}

export async function selectCohort(db: Db, id: string): Promise<CohortRow | null> {
  return db.cohort.findUnique({ where: { id }, select: cohortFields });
}

export async function selectCohortByJoinCode(db: Db, joinCode: string): Promise<CohortRow | null> {
  return db.cohort.findUnique({ where: { joinCode }, select: cohortFields });
}

export async function updateCohort(
  db: Db,
  id: string,
  data: { name?: string; latePolicy?: string; joinCode?: string },
): Promise<CohortRow> {
  return db.cohort.update({ where: { id }, data, select: cohortFields });
}

/** The user's global role and their membership of one cohort, read together for an access decision. */
export async function selectUserAccess(
  db: Db,
  userId: string,
  cohortId: string,
): Promise<{ role: string; memberRole: string | null } | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { role: true, memberships: { where: { cohortId }, select: { role: true } } },
  });
  if (!user) return null;
  return { role: user.role, memberRole: user.memberships[0]?.role ?? null };
}

/** Adds a student; joining twice keeps the first membership (and its role). */
export async function insertMemberIfMissing(db: Db, cohortId: string, userId: string): Promise<{ role: string; created: boolean }> {
  const existing = await db.cohortMember.findUnique({ where: { cohortId_userId: { cohortId, userId } }, select: { role: true } });
  if (existing) return { role: existing.role, created: false };
  try {
    await db.cohortMember.create({ data: { cohortId, userId, role: 'student' } });
    return { role: 'student', created: true };
  } catch (error) {
    // Two tabs joining at once: the loser sees the winner's row.
    if (!isUniqueViolation(error)) throw error;
    return { role: 'student', created: false };
  }
}

export async function updateMemberRole(db: Db, cohortId: string, userId: string, role: string): Promise<boolean> {
  const updated = await db.cohortMember.updateMany({ where: { cohortId, userId }, data: { role } });
  return updated.count === 1;
}

/** Removes a member and their extensions in this cohort (a re-join starts from the cohort's dates). */
export async function deleteMember(db: Db, cohortId: string, userId: string): Promise<boolean> {
  const assignmentIds = (await db.assignment.findMany({ where: { cohortId }, select: { id: true } })).map((a) => a.id);
  const [, removed] = await db.$transaction([
    db.extension.deleteMany({ where: { userId, assignmentId: { in: assignmentIds } } }),
    db.cohortMember.deleteMany({ where: { cohortId, userId } }),
  ]);
  return removed.count === 1;
}

export type MembershipRow = { cohortId: string; role: string; name: string; ownerId: string; joinedAt: Date };

export async function selectMembershipsOfUser(db: Db, userId: string): Promise<MembershipRow[]> {
  const rows = await db.cohortMember.findMany({
    where: { userId },
    select: { cohortId: true, role: true, joinedAt: true, cohort: { select: { name: true, ownerId: true } } },
    orderBy: { joinedAt: 'desc' },
  });
  return rows.map((r) => ({ cohortId: r.cohortId, role: r.role, joinedAt: r.joinedAt, name: r.cohort.name, ownerId: r.cohort.ownerId }));
}

/** Every cohort, newest first (admins oversee all of them). */
export async function selectAllCohorts(db: Db, take: number): Promise<CohortRow[]> {
  return db.cohort.findMany({ select: cohortFields, orderBy: { createdAt: 'desc' }, take });
}

export type MemberRow = { userId: string; name: string; email: string; role: string; globalRole: string; joinedAt: Date };

/** Members with their names in one statement: the (cohortId, userId) key drives, users come by id. */
export async function selectMembers(db: Db, cohortId: string, role?: 'student' | 'instructor'): Promise<MemberRow[]> {
  const rows = role
    ? await db.$queryRaw<RawMember[]>`
        SELECT m."userId" AS "userId", m."role" AS "role", m."joinedAt" AS "joinedAt", u."name" AS "name", u."email" AS "email", u."role" AS "globalRole"
        FROM "CohortMember" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."cohortId" = ${cohortId} AND m."role" = ${role}`
    : await db.$queryRaw<RawMember[]>`
        SELECT m."userId" AS "userId", m."role" AS "role", m."joinedAt" AS "joinedAt", u."name" AS "name", u."email" AS "email", u."role" AS "globalRole"
        FROM "CohortMember" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."cohortId" = ${cohortId}`;
  return rows.map((r) => ({
    userId: String(r.userId),
    role: String(r.role),
    // SQLite hands DateTime back as ISO text from raw queries; PostgreSQL as a Date.
    joinedAt: r.joinedAt instanceof Date ? r.joinedAt : new Date(String(r.joinedAt)),
    name: String(r.name),
    email: String(r.email),
    globalRole: String(r.globalRole),
  }));
}

type RawMember = Record<keyof MemberRow, unknown>;

export async function selectMember(db: Db, cohortId: string, userId: string): Promise<MemberRow | null> {
  const r = await db.cohortMember.findUnique({
    where: { cohortId_userId: { cohortId, userId } },
    select: { userId: true, role: true, joinedAt: true, user: { select: { name: true, email: true, role: true } } },
  });
  return r ? { userId: r.userId, role: r.role, joinedAt: r.joinedAt, name: r.user.name, email: r.user.email, globalRole: r.user.role } : null;
}

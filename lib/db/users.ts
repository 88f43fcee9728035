import 'server-only';
import type { Db } from './client';

export type UserRow = { id: string; email: string; name: string; role: string; passwordHash: string };
export type PublicUser = Omit<UserRow, 'passwordHash'>;

const publicFields = { id: true, email: true, name: true, role: true } as const;

export async function selectUserByEmail(db: Db, email: string): Promise<(UserRow & { sessionVersion: number }) | null> {
  return db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { ...publicFields, passwordHash: true, sessionVersion: true },
  });
}

export async function selectUserById(db: Db, id: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id }, select: publicFields });
}

export async function insertUser(
  db: Db,
  data: { email: string; name: string; passwordHash: string; role?: string },
): Promise<PublicUser> {
  return db.user.create({
    data: { ...data, email: data.email.toLowerCase() },
    select: publicFields,
  });
}

/** Creates or refreshes a user with a known password (demo accounts); idempotent. */
export async function upsertUser(
  db: Db,
  data: { email: string; name: string; passwordHash: string; role: string },
): Promise<PublicUser> {
  const email = data.email.toLowerCase();
  return db.user.upsert({
    where: { email },
    create: { ...data, email },
    update: { name: data.name, passwordHash: data.passwordHash, role: data.role },
    select: publicFields,
  });
}

export async function countRecentLoginFailures(db: Db, userId: string, since: Date): Promise<number> {
  return db.loginFailure.count({ where: { userId, createdAt: { gte: since } } });
}

export async function insertLoginFailure(db: Db, userId: string): Promise<void> {
  await db.loginFailure.create({ data: { userId } });
}

export async function clearLoginFailures(db: Db, userId: string): Promise<void> {
  await db.loginFailure.deleteMany({ where: { userId } });
}

export type SessionUserRow = PublicUser & { sessionVersion: number };

/** The user with the session version a JWT must match (lib/auth/session-version.ts). */
/**
 * Runs on every authenticated request, so it is plain SQL: Prisma's query compiler (WebAssembly)
 * was the largest single CPU cost of a request in a profile of the load benchmark. Same row, same
 * meaning as findUnique; SQLite's driver returns integers as bigint, hence Number().
 */
export async function selectSessionUser(db: Db, id: string): Promise<SessionUserRow | null> {
  const rows = await db.$queryRaw<Array<PublicUser & { sessionVersion: number | bigint }>>`
    SELECT "id", "email", "name", "role", "sessionVersion" FROM "User" WHERE "id" = ${id} LIMIT 1`;
  const row = rows[0];
  return row ? { ...row, sessionVersion: Number(row.sessionVersion) } : null;
}

/** Sign-out: every JWT minted before this call stops resolving to the user. Missing users are ignored. */
export async function bumpSessionVersion(db: Db, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

export async function countRecentAddressFailures(db: Db, address: string, since: Date): Promise<number> {
  return db.loginAddressFailure.count({ where: { address, createdAt: { gte: since } } });
}

/** Records a failed sign-in from an address and prunes that address's rows older than `pruneBefore`. */
export async function insertAddressFailure(db: Db, address: string, pruneBefore: Date): Promise<void> {
  await db.loginAddressFailure.deleteMany({ where: { address, createdAt: { lt: pruneBefore } } });
  await db.loginAddressFailure.create({ data: { address } });
}

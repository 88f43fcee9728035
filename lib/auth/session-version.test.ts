import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { bumpSessionVersion, insertUser, selectSessionUser, selectUserByEmail } from '@/lib/db/users';
import { isSessionCurrent } from './session-version';

test('a token minted with the current version is valid', () => {
  expect(isSessionCurrent(0, 0)).toBe(true);
  expect(isSessionCurrent(3, 3)).toBe(true);
});

test('a token minted before a sign-out (older version) is rejected', () => {
  expect(isSessionCurrent(0, 1)).toBe(false);
  expect(isSessionCurrent(2, 3)).toBe(false);
});

test('a token without a version counts as version 0: valid only until the first sign-out', () => {
  expect(isSessionCurrent(undefined, 0)).toBe(true);
  expect(isSessionCurrent(undefined, 1)).toBe(false);
  expect(isSessionCurrent(null, 1)).toBe(false);
});

test('a malformed version claim is rejected', () => {
  expect(isSessionCurrent('0', 0)).toBe(false);
  expect(isSessionCurrent(0.5, 0)).toBe(false);
  expect(isSessionCurrent({}, 0)).toBe(false);
});

const kinds: DbKind[] = ['sqlite', 'postgres'];
const dbs = new Map<DbKind, { db: Db; cleanup: () => Promise<void> }>();

beforeAll(async () => {
  for (const kind of kinds) dbs.set(kind, await createTestDb(kind));
});
afterAll(async () => {
  for (const { cleanup } of dbs.values()) await cleanup();
});

test.each(kinds)('%s: sign-out bumps the version, so a token minted before it no longer resolves', async (kind) => {
  const db = dbs.get(kind)!.db;
  const user = await insertUser(db, { email: `sv-${kind}@example.test`, name: 'S', passwordHash: 'x' });
  // sign-in: the JWT records the version the database has now
  const minted = (await selectUserByEmail(db, user.email))!.sessionVersion;
  expect(minted).toBe(0);
  expect(isSessionCurrent(minted, (await selectSessionUser(db, user.id))!.sessionVersion)).toBe(true);

  await bumpSessionVersion(db, user.id); // events.signOut
  const now = (await selectSessionUser(db, user.id))!.sessionVersion;
  expect(now).toBe(1);
  expect(isSessionCurrent(minted, now)).toBe(false);

  // signing in again mints a token with the new version
  const again = (await selectUserByEmail(db, user.email))!.sessionVersion;
  expect(isSessionCurrent(again, now)).toBe(true);
});

test.each(kinds)('%s: two concurrent sign-outs both count and an unknown user is ignored', async (kind) => {
  const db = dbs.get(kind)!.db;
  const user = await insertUser(db, { email: `sv2-${kind}@example.test`, name: 'S', passwordHash: 'x' });
  await Promise.all([bumpSessionVersion(db, user.id), bumpSessionVersion(db, user.id)]);
  expect((await selectSessionUser(db, user.id))!.sessionVersion).toBe(2);
  await expect(bumpSessionVersion(db, 'no-such-user')).resolves.toBeUndefined();
});

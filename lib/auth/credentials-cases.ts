import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb, type DbKind } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { authenticate, MAX_ADDRESS_FAILURES_PER_HOUR, MAX_FAILURES_PER_HOUR } from './credentials';
import { hashPassword } from './password';

const LEARNER = 'learner@example.test';

/**
 * A7 (login throttling) on one database. Each database has its own test file (credentials.test.ts,
 * credentials.postgres.test.ts): authenticate() reads DATABASE_URL once per process, and vitest
 * gives each file its own worker.
 */
export function credentialsTests(kind: DbKind): void {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDb(kind);
    db = created.db;
    cleanup = created.cleanup;
    process.env.DATABASE_URL = created.url;
    await insertUser(db, { email: LEARNER, name: 'L', passwordHash: await hashPassword('right-password') });
  });
  afterAll(async () => cleanup());

  test(`${kind}: the right password signs in and the email is matched case-insensitively`, async () => {
    expect(await authenticate({ email: 'Learner@Example.test', password: 'right-password' })).toMatchObject({
      email: LEARNER,
    });
  });

  test(`${kind}: a wrong password and an unknown email give the same answer: null`, async () => {
    expect(await authenticate({ email: LEARNER, password: 'wrong' })).toBeNull();
    expect(await authenticate({ email: 'nobody@example.test', password: 'wrong' })).toBeNull();
  });

  test(`${kind}: malformed credentials are refused without touching the database`, async () => {
    expect(await authenticate({ email: 'not-an-email', password: 'x' })).toBeNull();
    expect(await authenticate(null)).toBeNull();
  });

  test(`${kind}: after ${MAX_FAILURES_PER_HOUR} failures in an hour even the right password is refused`, async () => {
    await insertUser(db, { email: 'target@example.test', name: 'T', passwordHash: await hashPassword('right-password') });
    for (let i = 0; i < MAX_FAILURES_PER_HOUR; i++) {
      await authenticate({ email: 'target@example.test', password: `guess-${i}` });
    }
    expect(await authenticate({ email: 'target@example.test', password: 'right-password' })).toBeNull();
  }, 30_000);

  test(`${kind}: after ${MAX_ADDRESS_FAILURES_PER_HOUR} failures from one address, that address is refused for every account`, async () => {
    await insertUser(db, { email: 'sprayed@example.test', name: 'S', passwordHash: await hashPassword('right-password') });
    const attacker = '203.0.113.7';
    // spread over many emails (known and unknown), each below its own account limit
    for (let i = 0; i < MAX_ADDRESS_FAILURES_PER_HOUR; i++) {
      await authenticate({ email: `victim-${i % 5}@example.test`, password: `guess-${i}` }, attacker);
    }
    expect(await authenticate({ email: 'sprayed@example.test', password: 'right-password' }, attacker)).toBeNull();
    // the same account from another address still signs in: the refusal is per address
    expect(await authenticate({ email: 'sprayed@example.test', password: 'right-password' }, '198.51.100.9')).toMatchObject({
      email: 'sprayed@example.test',
    });
  }, 30_000);

  test(`${kind}: failures from an address older than an hour do not count`, async () => {
    const address = '192.0.2.44';
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await db.loginAddressFailure.createMany({
      data: Array.from({ length: MAX_ADDRESS_FAILURES_PER_HOUR }, () => ({ address, createdAt: old })),
    });
    expect(await authenticate({ email: LEARNER, password: 'right-password' }, address)).toMatchObject({
      email: LEARNER,
    });
  });

  test(`${kind}: a successful sign-in returns the session version for the JWT`, async () => {
    expect(await authenticate({ email: LEARNER, password: 'right-password' }, '192.0.2.1')).toMatchObject({
      sessionVersion: 0,
    });
  });
}

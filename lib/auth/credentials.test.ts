import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { authenticate, MAX_FAILURES_PER_HOUR } from './credentials';
import { hashPassword } from './password';

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const created = await createTestDb('sqlite');
  db = created.db;
  cleanup = created.cleanup;
  process.env.DATABASE_URL = created.url;
  await insertUser(db, { email: 'learner@example.test', name: 'L', passwordHash: await hashPassword('right-password') });
});
afterAll(async () => cleanup());

test('the right password signs in and the email is matched case-insensitively', async () => {
  expect(await authenticate({ email: 'Learner@Example.test', password: 'right-password' })).toMatchObject({
    email: 'learner@example.test',
  });
});

test('a wrong password and an unknown email give the same answer: null', async () => {
  expect(await authenticate({ email: 'learner@example.test', password: 'wrong' })).toBeNull();
  expect(await authenticate({ email: 'nobody@example.test', password: 'wrong' })).toBeNull();
});

test('malformed credentials are refused without touching the database', async () => {
  expect(await authenticate({ email: 'not-an-email', password: 'x' })).toBeNull();
  expect(await authenticate(null)).toBeNull();
});

test(`after ${MAX_FAILURES_PER_HOUR} failures in an hour even the right password is refused`, async () => {
  await insertUser(db, { email: 'target@example.test', name: 'T', passwordHash: await hashPassword('right-password') });
  for (let i = 0; i < MAX_FAILURES_PER_HOUR; i++) {
    await authenticate({ email: 'target@example.test', password: `guess-${i}` });
  }
  expect(await authenticate({ email: 'target@example.test', password: 'right-password' })).toBeNull();
});

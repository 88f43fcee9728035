import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Db } from '@/lib/db/client';
import { createTestDb } from '@/lib/db/test-db';
import { insertUser } from '@/lib/db/users';
import { clientAddress } from './client-address';
import { authenticate, MAX_ADDRESS_FAILURES_PER_HOUR, MAX_FAILURES_PER_HOUR } from './credentials';
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

test(`after ${MAX_ADDRESS_FAILURES_PER_HOUR} failures from one address, that address is refused for every account`, async () => {
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
});

test('failures from an address older than an hour do not count', async () => {
  const address = '192.0.2.44';
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  await db.loginAddressFailure.createMany({
    data: Array.from({ length: MAX_ADDRESS_FAILURES_PER_HOUR }, () => ({ address, createdAt: old })),
  });
  expect(await authenticate({ email: 'learner@example.test', password: 'right-password' }, address)).toMatchObject({
    email: 'learner@example.test',
  });
});

test('a successful sign-in returns the session version for the JWT', async () => {
  expect(await authenticate({ email: 'learner@example.test', password: 'right-password' }, '192.0.2.1')).toMatchObject({
    sessionVersion: 0,
  });
});

test('the client address is the first X-Forwarded-For hop, then X-Real-IP, else unknown', () => {
  expect(clientAddress({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' })).toBe('203.0.113.7');
  expect(clientAddress({ 'x-real-ip': '198.51.100.2' })).toBe('198.51.100.2');
  expect(clientAddress(new Headers({ 'x-forwarded-for': '2001:DB8::1' }))).toBe('2001:db8::1');
  expect(clientAddress({})).toBe('unknown');
  expect(clientAddress(undefined)).toBe('unknown');
  expect(clientAddress({ 'x-forwarded-for': 'x'.repeat(500) })).toHaveLength(64);
});

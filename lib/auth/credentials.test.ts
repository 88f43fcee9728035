import { expect, test } from 'vitest';
import { clientAddress } from './client-address';
import { credentialsTests } from './credentials-cases';

credentialsTests('sqlite');

test('the client address is the first X-Forwarded-For hop, then X-Real-IP, else unknown', () => {
  expect(clientAddress({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' })).toBe('203.0.113.7');
  expect(clientAddress({ 'x-real-ip': '198.51.100.2' })).toBe('198.51.100.2');
  expect(clientAddress(new Headers({ 'x-forwarded-for': '2001:DB8::1' }))).toBe('2001:db8::1');
  expect(clientAddress({})).toBe('unknown');
  expect(clientAddress(undefined)).toBe('unknown');
  expect(clientAddress({ 'x-forwarded-for': 'x'.repeat(500) })).toHaveLength(64);
});

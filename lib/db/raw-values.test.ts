import { expect, test } from 'vitest';
import { toDate } from './raw-values';

test('toDate reads the forms raw queries return on SQLite and PostgreSQL, and refuses anything else', () => {
  const at = new Date('2026-12-08T01:03:07.280Z');
  expect(toDate(at)).toBe(at);
  expect(toDate('2026-12-08T01:03:07.280+00:00').getTime()).toBe(at.getTime());
  expect(toDate(at.getTime()).getTime()).toBe(at.getTime());
  expect(toDate(BigInt(at.getTime())).getTime()).toBe(at.getTime());
  expect(() => toDate('yesterday')).toThrow(/not a date/);
  expect(() => toDate(null)).toThrow(/not a date/);
});

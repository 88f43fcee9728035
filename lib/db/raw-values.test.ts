import { expect, test } from 'vitest';
import { newRowId, toDate } from './raw-values';

test('toDate reads the forms raw queries return on SQLite and PostgreSQL, and refuses anything else', () => {
  const at = new Date('2026-12-08T01:03:07.280Z');
  expect(toDate(at)).toBe(at);
  expect(toDate('2026-12-08T01:03:07.280+00:00').getTime()).toBe(at.getTime());
  expect(toDate(at.getTime()).getTime()).toBe(at.getTime());
  expect(toDate(BigInt(at.getTime())).getTime()).toBe(at.getTime());
  expect(() => toDate('yesterday')).toThrow(/not a date/);
  expect(() => toDate(null)).toThrow(/not a date/);
});

test('row ids written by plain SQL look like cuids and sort by creation time', () => {
  const earlier = newRowId(Date.UTC(2026, 11, 8, 3, 0, 0));
  const later = newRowId(Date.UTC(2026, 11, 8, 3, 0, 1));
  expect(earlier).toMatch(/^c[0-9a-z]{24}$/);
  expect(earlier < later).toBe(true);
  expect(newRowId()).not.toBe(newRowId());
});

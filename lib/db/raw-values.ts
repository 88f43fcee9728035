import { randomBytes } from 'node:crypto';
/**
 * A DateTime column as a raw query returns it: a Date from PostgreSQL, ISO text from SQLite (the
 * Prisma adapter stores `2026-12-08T01:03:07.280+00:00`), a number if a row was written as epoch ms.
 */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    const date = new Date(typeof value === 'bigint' ? Number(value) : value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`not a date: ${String(value)}`);
}

/**
 * An id for a row written by plain SQL, in the shape of Prisma's cuid(): "c", the time in ms in
 * base 36 (8 digits until the year 2059), then 16 random base-36 digits, 25 characters. Ids sort
 * by creation time like the cuids around them, which keeps cursor pagination by id "oldest first".
 */
export function newRowId(now = Date.now()): string {
  const random = randomBytes(16);
  let tail = '';
  for (const byte of random) tail += (byte % 36).toString(36);
  return `c${now.toString(36).padStart(8, '0')}${tail}`;
}

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

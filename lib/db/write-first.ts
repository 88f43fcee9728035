import 'server-only';

/** Prisma's unique-constraint violation (P2002), whichever database raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/**
 * An upsert that writes first: update; if nothing matched, insert; if a concurrent request
 * inserted in between, update again. Prisma's own upsert on SQLite reads, then writes, inside a
 * deferred transaction, and fails at once with SQLITE_BUSY_SNAPSHOT when another process (the
 * grading worker) commits in between; the busy timeout cannot wait that out. Every statement
 * here is a write, which waits for the lock like any other.
 */
export async function writeFirst(update: () => Promise<{ count: number }>, insert: () => Promise<unknown>): Promise<void> {
  if ((await update()).count > 0) return;
  try {
    await insert();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await update();
  }
}

import 'server-only';
import type { Db } from './client';

export async function selectDraft(
  db: Db,
  userId: string,
  exerciseUuid: string,
): Promise<{ code: string; updatedAt: Date } | null> {
  return db.draft.findUnique({
    where: { userId_exerciseUuid: { userId, exerciseUuid } },
    select: { code: true, updatedAt: true },
  });
}

export type DraftSave = {
  userId: string;
  exerciseUuid: string;
  code: string;
  /** The editor session and its edit number; null for a writer that does not say (always applied). */
  order: { session: string; seq: number } | null;
};

/** superseded: the server already holds a later edit of the same editor session; nothing written. */
export type DraftSaveResult = { updatedAt: Date; superseded: boolean };

/**
 * Saves a draft unless it holds a later edit from the same editor session. Requests can arrive out
 * of order (a keepalive save on leaving races the debounced one; a client retries after a
 * timeout), and the older one must not overwrite newer code. A retry (same session and number)
 * gets the same answer and writes nothing. Ordering is per session, not by clocks: a save from
 * another tab or device applies (last write wins), whatever that device's clock says.
 *
 * One statement, an upsert whose update is conditional, so concurrent first saves need no retry
 * and the common case is one round trip: Prisma ran the conditional update as BEGIN, UPDATE,
 * COMMIT, three round trips on every autosave (docs/benchmarks.md, 2026-12-08). Only a refused
 * save reads the row back, to tell a retry from a superseded edit.
 */
export async function saveDraft(db: Db, save: DraftSave): Promise<DraftSaveResult> {
  const { userId, exerciseUuid, code, order } = save;
  const session = order?.session ?? null;
  const seq = order?.seq ?? null;
  const updatedAt = new Date();
  const written = await db.$executeRaw`
    INSERT INTO "Draft" ("userId", "exerciseUuid", "code", "saveSession", "saveSeq", "updatedAt")
    VALUES (${userId}, ${exerciseUuid}, ${code}, ${session}, ${seq}, ${updatedAt})
    ON CONFLICT ("userId", "exerciseUuid") DO UPDATE SET "code" = excluded."code",
      "saveSession" = excluded."saveSession", "saveSeq" = excluded."saveSeq", "updatedAt" = excluded."updatedAt"
    WHERE excluded."saveSession" IS NULL OR "Draft"."saveSession" IS NULL
      OR "Draft"."saveSession" <> excluded."saveSession" OR "Draft"."saveSeq" < excluded."saveSeq"`;
  if (written === 1) return { updatedAt, superseded: false };
  const row = await db.draft.findUnique({
    where: { userId_exerciseUuid: { userId, exerciseUuid } },
    select: { updatedAt: true, saveSession: true, saveSeq: true },
  });
  if (!row) throw new Error('draft upsert wrote nothing and left no row');
  const retry = order !== null && row.saveSession === order.session && row.saveSeq === order.seq;
  return { updatedAt: row.updatedAt, superseded: !retry };
}

import 'server-only';
import type { Db } from './client';
import { isUniqueViolation } from './write-first';

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
 */
export async function saveDraft(db: Db, save: DraftSave, attempt = 0): Promise<DraftSaveResult> {
  const { userId, exerciseUuid, code, order } = save;
  const key = { userId_exerciseUuid: { userId, exerciseUuid } };
  const notOutranked = order
    ? { OR: [{ saveSession: null }, { saveSession: { not: order.session } }, { saveSeq: { lt: order.seq } }] }
    : {};
  // Set here rather than by @updatedAt so the common case (an update) needs no read-back.
  const updatedAt = new Date();
  const data = { code, saveSession: order?.session ?? null, saveSeq: order?.seq ?? null, updatedAt };
  const updated = await db.draft.updateMany({ where: { userId, exerciseUuid, ...notOutranked }, data });
  if (updated.count === 1) return { updatedAt, superseded: false };
  const row = await db.draft.findUnique({ where: key, select: { updatedAt: true, saveSession: true, saveSeq: true } });
  if (row) {
    const retry = order !== null && row.saveSession === order.session && row.saveSeq === order.seq;
    return { updatedAt: row.updatedAt, superseded: !retry };
  }
  try {
    const created = await db.draft.create({ data: { userId, exerciseUuid, ...data }, select: { updatedAt: true } });
    return { updatedAt: created.updatedAt, superseded: false };
  } catch (error) {
    // Another request created the row between our update and create: decide against it instead.
    if (attempt === 0 && isUniqueViolation(error)) return saveDraft(db, save, 1);
    throw error;
  }
}

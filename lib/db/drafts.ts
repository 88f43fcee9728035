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

export async function upsertDraft(
  db: Db,
  userId: string,
  exerciseUuid: string,
  code: string,
): Promise<{ updatedAt: Date }> {
  return db.draft.upsert({
    where: { userId_exerciseUuid: { userId, exerciseUuid } },
    create: { userId, exerciseUuid, code },
    update: { code },
    select: { updatedAt: true },
  });
}

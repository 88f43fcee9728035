import 'server-only';
import type { Db } from './client';

export async function markLessonVisited(
  db: Db,
  userId: string,
  lessonId: string,
  moduleSlug: string,
): Promise<void> {
  await writeProgress(db, { userId, lessonId, moduleSlug });
}

export async function markLessonCompleted(
  db: Db,
  userId: string,
  lessonId: string,
  moduleSlug: string,
): Promise<void> {
  await writeProgress(db, { userId, lessonId, moduleSlug, completedAt: new Date() });
}

/**
 * An upsert that writes first. Prisma's upsert on SQLite reads, then writes, inside a deferred
 * transaction; a commit by the grading worker in between fails it at once with
 * SQLITE_BUSY_SNAPSHOT, which the busy timeout cannot wait out (see ensureGraderVersion).
 */
async function writeProgress(
  db: Db,
  row: { userId: string; lessonId: string; moduleSlug: string; completedAt?: Date },
): Promise<void> {
  const { userId, lessonId, ...fields } = row;
  const updated = await db.lessonProgress.updateMany({ where: { userId, lessonId }, data: fields });
  if (updated.count > 0) return;
  try {
    await db.lessonProgress.create({ data: row, select: { userId: true } });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    // Created by a concurrent request since our update: apply ours on top.
    await db.lessonProgress.updateMany({ where: { userId, lessonId }, data: fields });
  }
}

export type LessonProgressRow = { lessonId: string; moduleSlug: string; visitedAt: Date; completedAt: Date | null };

export async function selectLessonProgress(db: Db, userId: string): Promise<LessonProgressRow[]> {
  return db.lessonProgress.findMany({
    where: { userId },
    select: { lessonId: true, moduleSlug: true, visitedAt: true, completedAt: true },
  });
}

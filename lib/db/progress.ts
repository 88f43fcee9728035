import 'server-only';
import type { Db } from './client';
import { writeFirst } from './write-first';

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

/** Write first, not Prisma's upsert: see write-first.ts. */
async function writeProgress(
  db: Db,
  row: { userId: string; lessonId: string; moduleSlug: string; completedAt?: Date },
): Promise<void> {
  const { userId, lessonId, ...fields } = row;
  await writeFirst(
    () => db.lessonProgress.updateMany({ where: { userId, lessonId }, data: fields }),
    () => db.lessonProgress.create({ data: row, select: { userId: true } }),
  );
}

export type LessonProgressRow = { lessonId: string; moduleSlug: string; visitedAt: Date; completedAt: Date | null };

export async function selectLessonProgress(db: Db, userId: string): Promise<LessonProgressRow[]> {
  return db.lessonProgress.findMany({
    where: { userId },
    select: { lessonId: true, moduleSlug: true, visitedAt: true, completedAt: true },
  });
}

import 'server-only';
import type { Db } from './client';

export async function markLessonVisited(
  db: Db,
  userId: string,
  lessonId: string,
  moduleSlug: string,
): Promise<void> {
  await db.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, moduleSlug },
    update: { moduleSlug },
  });
}

export async function markLessonCompleted(
  db: Db,
  userId: string,
  lessonId: string,
  moduleSlug: string,
): Promise<void> {
  const now = new Date();
  await db.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, moduleSlug, completedAt: now },
    update: { completedAt: now, moduleSlug },
  });
}

export type LessonProgressRow = { lessonId: string; moduleSlug: string; visitedAt: Date; completedAt: Date | null };

export async function selectLessonProgress(db: Db, userId: string): Promise<LessonProgressRow[]> {
  return db.lessonProgress.findMany({
    where: { userId },
    select: { lessonId: true, moduleSlug: true, visitedAt: true, completedAt: true },
  });
}

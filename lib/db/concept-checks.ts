import 'server-only';
import type { Db } from './client';

export async function insertConceptCheckAttempt(
  db: Db,
  data: { userId: string; lessonId: string; score: number; answersJson: string },
): Promise<void> {
  await db.conceptCheckAttempt.create({
    data: { userId: data.userId, lessonId: data.lessonId, score: data.score, answers: data.answersJson },
  });
}

export async function selectBestConceptCheckScores(db: Db, userId: string): Promise<Map<string, number>> {
  const rows = await db.conceptCheckAttempt.groupBy({
    by: ['lessonId'],
    where: { userId },
    _max: { score: true },
  });
  return new Map(rows.map((r) => [r.lessonId, r._max.score ?? 0]));
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';
import { selectLessonProgress } from '@/lib/db/progress';
import { selectBestScores } from '@/lib/db/submissions';
import { findExerciseBySlug } from '@/lib/exercises/catalogue';

export const metadata: Metadata = { title: 'Your progress' };

export default async function DashboardPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in?callbackUrl=/dashboard');
  const db = await getDb();
  const [progress, best] = await Promise.all([selectLessonProgress(db, user.id), selectBestScores(db, user.id)]);
  const completed = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  const visited = new Set(progress.map((p) => p.lessonId));
  const bestByUuid = new Map(best.map((b) => [b.exerciseUuid, b]));
  const modules = loadCourse();
  return (
    <>
      <h1>Your progress</h1>
      <p className="muted">Signed in as {user.name}.</p>
      <table className="progress-table" data-testid="progress-table">
        <caption className="visually-hidden">Progress per module</caption>
        <thead>
          <tr><th scope="col">Module</th><th scope="col">Lessons completed</th><th scope="col">Exercises (best server grade)</th></tr>
        </thead>
        <tbody>
          {modules.map((module) => {
            const lessons = module.lessons;
            const done = lessons.filter((l) => completed.has(l.id)).length;
            const seen = lessons.filter((l) => visited.has(l.id)).length;
            const exercises = lessons.flatMap((l) =>
              l.exerciseSlugs.map((slug) => ({ lesson: l, entry: findExerciseBySlug(slug) })),
            );
            return (
              <tr key={module.slug}>
                <th scope="row"><Link href={`/learn/${module.slug}`}>{module.title}</Link></th>
                <td>
                  {lessons.length ? (
                    <>
                      <progress value={done} max={lessons.length} aria-label={`${module.title} lessons completed`} />{' '}
                      {done}/{lessons.length} <span className="muted">({seen} visited)</span>
                    </>
                  ) : <span className="muted">coming soon</span>}
                </td>
                <td>
                  {exercises.length ? (
                    <ul className="plain">
                      {exercises.map(({ lesson, entry }) => {
                        if (!entry) return null;
                        const b = bestByUuid.get(entry.meta.uuid);
                        return (
                          <li key={entry.meta.uuid} data-testid={`best-${entry.meta.slug}`}>
                            <Link href={`/learn/${lesson.moduleSlug}/${lesson.slug}`}>{entry.meta.title}</Link>:{' '}
                            {b && b.bestScore !== null ? `${Math.round(b.bestScore * 100)}% (${b.attempts} attempt${b.attempts === 1 ? '' : 's'})` : 'not submitted'}
                          </li>
                        );
                      })}
                    </ul>
                  ) : <span className="muted">—</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

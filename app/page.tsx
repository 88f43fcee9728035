import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/session';
import { loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';
import { selectLessonProgress } from '@/lib/db/progress';

export const dynamic = 'force-dynamic';

export default async function CourseMapPage() {
  const modules = loadCourse();
  const user = await getCurrentUser();
  const progress = user ? await selectLessonProgress(await getDb(), user.id) : [];
  const completed = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  return (
    <>
      <section className="hero">
        <h1>Hybrid machine learning, by writing it</h1>
        <p>
          Seven modules on learning with little labeled data, borrowed knowledge and several tasks or
          modalities at once. Read a short lesson, then implement the method in TypeScript on
          TensorFlow.js and get graded instantly in your browser.
        </p>
      </section>
      <ol className="module-grid" aria-label="Modules">
        {modules.map((module) => {
          const done = module.lessons.filter((l) => completed.has(l.id)).length;
          return (
            <li key={module.slug} className="card module-card">
              <p className="eyebrow">Module {String(module.number).padStart(2, '0')}</p>
              <h2>
                <Link href={`/learn/${module.slug}`}>{module.title}</Link>
              </h2>
              <p>{module.summary}</p>
              {module.lessons.length > 0 ? (
                <ul className="lesson-list">
                  {module.lessons.map((lesson) => (
                    <li key={lesson.id}>
                      <Link href={`/learn/${module.slug}/${lesson.slug}`}>{lesson.title}</Link>
                      {completed.has(lesson.id) ? <span className="badge done"> ✓ done</span> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Lessons coming soon.</p>
              )}
              {user && module.lessons.length > 0 ? (
                <p className="muted">{done} of {module.lessons.length} lessons completed</p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MdxContent } from '@/components/mdx/mdx-content';
import { getCurrentUser } from '@/lib/auth/session';
import { compileMdxFile } from '@/lib/content/compile';
import { findLesson, flattenLessons, loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';
import { markLessonVisited, selectLessonProgress } from '@/lib/db/progress';
import { ConceptCheck } from '@/components/concept-check/concept-check';
import { toPublicQuestions } from '@/lib/concept-checks/grade';
import { selectBestConceptCheckScores } from '@/lib/db/concept-checks';
import { CompleteLessonButton } from './complete-lesson-button';

type Props = { params: Promise<{ module: string; lesson: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { module, lesson } = await params;
  const found = findLesson(loadCourse(), module, lesson);
  return { title: found?.lesson.title ?? 'Lesson' };
}

export default async function LessonPage({ params }: Props) {
  const { module: moduleSlug, lesson: lessonSlug } = await params;
  const modules = loadCourse();
  const found = findLesson(modules, moduleSlug, lessonSlug);
  if (!found) notFound();
  const { module, lesson } = found;
  const { code } = await compileMdxFile(lesson.file);
  const user = await getCurrentUser();
  let completed = false;
  let bestCheck: number | null = null;
  if (user) {
    const db = await getDb();
    await markLessonVisited(db, user.id, lesson.id, module.slug);
    completed = (await selectLessonProgress(db, user.id)).some((p) => p.lessonId === lesson.id && p.completedAt);
    bestCheck = (await selectBestConceptCheckScores(db, user.id)).get(lesson.id) ?? null;
  }
  const conceptCheck = () => (
    <ConceptCheck
      lessonId={lesson.id}
      questions={toPublicQuestions(lesson.quiz)}
      signedIn={Boolean(user)}
      bestScore={bestCheck}
    />
  );
  const all = flattenLessons(modules);
  const position = all.findIndex((l) => l.id === lesson.id);
  const previous = all[position - 1];
  const next = all[position + 1];
  return (
    <article className="prose lesson">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Course</Link> / <Link href={`/learn/${module.slug}`}>{module.title}</Link>
      </nav>
      <h1>{lesson.title}</h1>
      <p className="muted">{lesson.minutes} min · {lesson.summary}</p>
      <section aria-label="Learning objectives" className="objectives">
        <h2>By the end you can</h2>
        <ul>{lesson.objectives.map((o) => <li key={o}>{o}</li>)}</ul>
      </section>
      <MdxContent code={code} extra={{ ConceptCheck: conceptCheck }} />
      {lesson.references.length ? (
        <section aria-label="References" className="references">
          <h2>References</h2>
          <ol>
            {lesson.references.map((r) => (
              <li key={r.title}>
                {r.authors} ({r.year}). <cite>{r.title}</cite>{r.venue ? `. ${r.venue}` : ''}.
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {user ? <CompleteLessonButton lessonId={lesson.id} initiallyCompleted={completed} /> : null}
      <nav aria-label="Lesson navigation" className="pager">
        {previous ? <Link href={`/learn/${previous.moduleSlug}/${previous.slug}`}>← {previous.title}</Link> : <span />}
        {next ? <Link href={`/learn/${next.moduleSlug}/${next.slug}`}>{next.title} →</Link> : <span />}
      </nav>
    </article>
  );
}

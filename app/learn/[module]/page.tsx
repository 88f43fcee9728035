import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MdxContent } from '@/components/mdx/mdx-content';
import { compileMdxFile } from '@/lib/content/compile';
import { loadCourse } from '@/lib/content/course';

type Props = { params: Promise<{ module: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { module: slug } = await params;
  const module = loadCourse().find((m) => m.slug === slug);
  return { title: module?.title ?? 'Module' };
}

export default async function ModulePage({ params }: Props) {
  const { module: slug } = await params;
  const module = loadCourse().find((m) => m.slug === slug);
  if (!module) notFound();
  const { code } = await compileMdxFile(module.file);
  return (
    <article className="prose">
      <p className="eyebrow">Module {String(module.number).padStart(2, '0')}</p>
      <h1>{module.title}</h1>
      <section aria-label="Learning objectives" className="objectives">
        <h2>You will be able to</h2>
        <ul>{module.objectives.map((o) => <li key={o}>{o}</li>)}</ul>
      </section>
      <MdxContent code={code} />
      <h2>Lessons</h2>
      {module.lessons.length ? (
        <ol className="lesson-list">
          {module.lessons.map((lesson) => (
            <li key={lesson.id}>
              <Link href={`/learn/${module.slug}/${lesson.slug}`}>{lesson.title}</Link>
              <span className="muted"> · {lesson.minutes} min</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Lessons for this module are being written.</p>
      )}
    </article>
  );
}

import 'server-only';
import { loadCourse, type ModuleEntry } from '@/lib/content/course';
import { allExercises } from '@/lib/exercises/catalogue';

export type ExerciseInfo = {
  uuid: string;
  slug: string;
  title: string;
  moduleSlug: string;
  /** Course order, for stable columns. */
  order: number;
  /** The lesson that embeds the exercise, if any lesson does yet. */
  lessonPath: string | null;
  lessonTitle: string | null;
};

export type ExerciseIndex = {
  byUuid: Map<string, ExerciseInfo>;
  list: ExerciseInfo[];
  modules: Array<{ slug: string; title: string; exerciseUuids: string[] }>;
};

const TTL_MS = 10_000;
let memo: { at: number; index: ExerciseIndex } | undefined;

/**
 * Exercises with the lesson and module they belong to (module = the exercise folder's prefix).
 * Without `modules`, the index is kept for a few seconds: re-reading every lesson's frontmatter
 * cost ~15 ms per dashboard request, and the course only changes on deploy or an author's save.
 */
export function buildExerciseIndex(modules?: ModuleEntry[]): ExerciseIndex {
  if (modules) return indexCourse(modules);
  const now = Date.now();
  if (!memo || now - memo.at > TTL_MS) memo = { at: now, index: indexCourse(loadCourse()) };
  return memo.index;
}

function indexCourse(modules: ModuleEntry[]): ExerciseIndex {
  const lessonBySlug = new Map<string, { path: string; title: string }>();
  for (const module of modules) {
    for (const lesson of module.lessons) {
      for (const slug of lesson.exerciseSlugs) {
        if (!lessonBySlug.has(slug)) lessonBySlug.set(slug, { path: `/learn/${module.slug}/${lesson.slug}`, title: lesson.title });
      }
    }
  }
  const list = allExercises().map((entry, order): ExerciseInfo => {
    const lesson = lessonBySlug.get(entry.meta.slug);
    return {
      uuid: entry.meta.uuid,
      slug: entry.meta.slug,
      title: entry.meta.title,
      moduleSlug: entry.relDir.split('/')[0]!,
      order,
      lessonPath: lesson?.path ?? null,
      lessonTitle: lesson?.title ?? null,
    };
  });
  const titles = new Map(modules.map((m) => [m.slug, m.title]));
  const moduleSlugs = [...new Set(list.map((e) => e.moduleSlug))];
  return {
    byUuid: new Map(list.map((e) => [e.uuid, e])),
    list,
    modules: moduleSlugs.map((slug) => ({
      slug,
      title: titles.get(slug) ?? slug,
      exerciseUuids: list.filter((e) => e.moduleSlug === slug).map((e) => e.uuid),
    })),
  };
}

/** A title for an assignment whose exercise was removed from the course since. */
export function exerciseTitle(index: ExerciseIndex, uuid: string): string {
  return index.byUuid.get(uuid)?.title ?? `Retired exercise ${uuid.slice(0, 8)}`;
}

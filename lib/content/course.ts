import 'server-only';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentError } from './errors';
import { LessonFrontmatterSchema, ModuleFrontmatterSchema, type LessonFrontmatter, type ModuleFrontmatter } from './frontmatter';
import { parseFrontmatter } from './parse';

export const CONTENT_ROOT = path.join(process.cwd(), 'content');

const SLUG = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export type LessonEntry = LessonFrontmatter & {
  slug: string;
  moduleSlug: string;
  file: string;
  exerciseSlugs: string[];
};

export type ModuleEntry = ModuleFrontmatter & {
  slug: string;
  number: number;
  file: string;
  lessons: LessonEntry[];
};

/** Reads the course map from content/: modules and lessons in folder order, validated. */
export function loadCourse(root = CONTENT_ROOT): ModuleEntry[] {
  const modules: ModuleEntry[] = [];
  for (const dir of readdirSync(/*turbopackIgnore: true*/ root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const match = SLUG.exec(dir.name);
    const rel = path.join('content', dir.name);
    if (!match) throw new ContentError(rel, undefined, 'module folders must be named NN-slug (e.g. 01-semi-supervised)');
    const indexFile = path.join(root, dir.name, 'index.mdx');
    if (!existsSync(indexFile)) throw new ContentError(rel, undefined, 'missing index.mdx');
    const { data } = parseFrontmatter(path.join(rel, 'index.mdx'), readFileSync(indexFile, 'utf8'), ModuleFrontmatterSchema);
    modules.push({
      ...data,
      slug: dir.name,
      number: Number(match[1]),
      file: indexFile,
      lessons: loadLessons(root, dir.name),
    });
  }
  modules.sort((a, b) => a.slug.localeCompare(b.slug));
  assertUniqueLessonIds(modules);
  return modules;
}

function loadLessons(root: string, moduleSlug: string): LessonEntry[] {
  const lessons: LessonEntry[] = [];
  for (const name of readdirSync(/*turbopackIgnore: true*/ path.join(root, moduleSlug)).sort()) {
    if (!name.endsWith('.mdx') || name === 'index.mdx') continue;
    const slug = name.replace(/\.mdx$/, '');
    const rel = path.join('content', moduleSlug, name);
    if (!SLUG.test(slug)) throw new ContentError(rel, undefined, 'lesson files must be named NN-slug.mdx');
    const file = path.join(root, moduleSlug, name);
    const source = readFileSync(file, 'utf8');
    const { data, body } = parseFrontmatter(rel, source, LessonFrontmatterSchema);
    const exerciseSlugs = [...body.matchAll(/<Exercise\s+id=["']([a-z0-9-]+)["']/g)].map((m) => m[1]!);
    lessons.push({ ...data, slug, moduleSlug, file, exerciseSlugs });
  }
  return lessons;
}

function assertUniqueLessonIds(modules: ModuleEntry[]): void {
  const seen = new Map<string, string>();
  for (const lesson of modules.flatMap((m) => m.lessons)) {
    const other = seen.get(lesson.id);
    if (other) throw new ContentError(lesson.file, 2, `lesson id ${lesson.id} is also used by ${other}`);
    seen.set(lesson.id, lesson.file);
  }
}

export function findLesson(
  modules: ModuleEntry[],
  moduleSlug: string,
  lessonSlug: string,
): { module: ModuleEntry; lesson: LessonEntry; index: number } | null {
  const module = modules.find((m) => m.slug === moduleSlug);
  if (!module) return null;
  const index = module.lessons.findIndex((l) => l.slug === lessonSlug);
  if (index < 0) return null;
  return { module, lesson: module.lessons[index]!, index };
}

/** All lessons in course order, for previous/next navigation across modules. */
export function flattenLessons(modules: ModuleEntry[]): LessonEntry[] {
  return modules.flatMap((m) => m.lessons);
}

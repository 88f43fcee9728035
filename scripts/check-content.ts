/**
 * Validates every module and lesson (frontmatter, MDX compilation, exercise references) and
 * every exercise's meta.json and hints. Runs before `next build`, so bad content fails the build
 * with the file and line named.
 */
import path from 'node:path';
import { compileMdxFile } from '../lib/content/compile';
import { loadCourse } from '../lib/content/course';
import { ContentError } from '../lib/content/errors';
import { listExercises } from '../lib/exercises/catalogue';
import { parseHintsDetailed } from '../lib/exercises/parse-hints';
import { readFileSync, existsSync } from 'node:fs';

const problems: string[] = [];
const rel = (file: string) => path.relative(process.cwd(), file);

try {
  const exercises = listExercises();
  const slugs = new Map<string, string>();
  const uuids = new Map<string, string>();
  for (const exercise of exercises) {
    const where = `exercises/${exercise.relDir}/meta.json`;
    const otherSlug = slugs.get(exercise.meta.slug);
    if (otherSlug) problems.push(`${where}: slug "${exercise.meta.slug}" is also used by ${otherSlug}`);
    slugs.set(exercise.meta.slug, where);
    const otherUuid = uuids.get(exercise.meta.uuid);
    if (otherUuid) problems.push(`${where}: uuid ${exercise.meta.uuid} is also used by ${otherUuid}`);
    uuids.set(exercise.meta.uuid, where);
    if (!existsSync(path.join(exercise.dir, 'starter.ts'))) problems.push(`exercises/${exercise.relDir}: missing starter.ts`);
    const hintsFile = path.join(exercise.dir, 'hints.md');
    if (existsSync(hintsFile)) {
      const { problems: hintProblems } = parseHintsDetailed(readFileSync(hintsFile, 'utf8'), {
        taskIds: exercise.meta.tasks.map((t) => t.id),
      });
      for (const p of hintProblems) problems.push(`exercises/${exercise.relDir}/hints.md:${p.line}: ${p.message}`);
    }
  }
  const modules = loadCourse();
  const used = new Set<string>();
  for (const module of modules) {
    for (const file of [module.file, ...module.lessons.map((l) => l.file)]) {
      try {
        await compileMdxFile(file);
      } catch (error) {
        problems.push(error instanceof ContentError ? error.message : `${rel(file)}: ${String(error)}`);
      }
    }
    for (const lesson of module.lessons) {
      for (const slug of lesson.exerciseSlugs) {
        if (!slugs.has(slug)) problems.push(`${rel(lesson.file)}: <Exercise id="${slug}" /> does not match any exercises/*/*/meta.json slug`);
        used.add(slug);
      }
    }
  }
  for (const [slug, where] of slugs) {
    if (!used.has(slug)) problems.push(`${where}: exercise "${slug}" is not placed in any lesson (add <Exercise id="${slug}" />)`);
  }
  console.log(`Checked ${modules.length} modules, ${modules.flatMap((m) => m.lessons).length} lessons, ${exercises.length} exercises.`);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
}

if (problems.length) {
  console.error(`\nContent check failed (${problems.length} problem${problems.length === 1 ? '' : 's'}):`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(1);
}
console.log('Content check passed.');

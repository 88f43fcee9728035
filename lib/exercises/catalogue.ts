import 'server-only';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExerciseMetaSchema, type ExerciseMeta } from './meta-schema';

export type ExerciseEntry = {
  meta: ExerciseMeta;
  /** e.g. 01-semi-supervised/01-label-spreading; the same path exists under graders/. */
  relDir: string;
  dir: string;
};

const SLUG = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class ExerciseCatalogueError extends Error {}

/** All exercises under exercises/, validated; throws naming the file on any invalid meta.json. */
export function listExercises(root = process.cwd()): ExerciseEntry[] {
  const base = path.join(root, 'exercises');
  if (!existsSync(base)) return [];
  const entries: ExerciseEntry[] = [];
  for (const moduleDir of readdirSync(/*turbopackIgnore: true*/ base).sort()) {
    if (!SLUG.test(moduleDir)) continue;
    for (const exDir of readdirSync(/*turbopackIgnore: true*/ path.join(base, moduleDir)).sort()) {
      const dir = path.join(base, moduleDir, exDir);
      const metaFile = path.join(dir, 'meta.json');
      if (!existsSync(metaFile)) continue;
      const relDir = `${moduleDir}/${exDir}`;
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(metaFile, 'utf8'));
      } catch (error) {
        throw new ExerciseCatalogueError(`exercises/${relDir}/meta.json: not valid JSON (${(error as Error).message})`);
      }
      const parsed = ExerciseMetaSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ExerciseCatalogueError(
          `exercises/${relDir}/meta.json: field "${issue.path.join('.')}": ${issue.message}`,
        );
      }
      entries.push({ meta: parsed.data, relDir, dir });
    }
  }
  return entries;
}

let cached: ExerciseEntry[] | undefined;

function catalogue(): ExerciseEntry[] {
  // Re-read in development so authors see edits without restarting.
  if (!cached || process.env.NODE_ENV !== 'production') cached = listExercises();
  return cached;
}

export function findExerciseBySlug(slug: string): ExerciseEntry | undefined {
  return catalogue().find((e) => e.meta.slug === slug);
}

export function findExerciseByUuid(uuid: string): ExerciseEntry | undefined {
  return catalogue().find((e) => e.meta.uuid === uuid);
}

export function allExercises(): ExerciseEntry[] {
  return catalogue();
}

export function readStarter(entry: ExerciseEntry): string {
  return readFileSync(path.join(entry.dir, 'starter.ts'), 'utf8');
}

export function readHintsSource(entry: ExerciseEntry): string {
  const file = path.join(entry.dir, 'hints.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

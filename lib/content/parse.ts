import matter from 'gray-matter';
import type { z } from 'zod';
import { ContentError, lineOfKey } from './errors';

/** Parses and validates frontmatter; errors name the file, the line and the field. */
export function parseFrontmatter<T>(file: string, source: string, schema: z.ZodType<T>): { data: T; body: string } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = typeof mark?.line === 'number' ? mark.line + 2 : 1;
    throw new ContentError(file, line, `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = schema.safeParse(parsed.data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.find((p): p is string => typeof p === 'string');
    const path = issue.path.map(String).join('.') || '(frontmatter)';
    throw new ContentError(file, lineOfKey(source, key), `frontmatter field "${path}": ${issue.message}`);
  }
  return { data: result.data, body: parsed.content };
}

import path from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { compileMdxFile } from './compile';
import { ContentError } from './errors';
import { LessonFrontmatterSchema } from './frontmatter';
import { parseFrontmatter } from './parse';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/content/bad-mdx');

test('malformed MDX fails with the file and the line of the problem', async () => {
  const error = await compileMdxFile(path.join(fixtures, 'broken.mdx')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContentError);
  const contentError = error as ContentError;
  expect(contentError.file).toContain('broken.mdx');
  expect(contentError.line).toBeGreaterThanOrEqual(9);
});

test('a frontmatter field of the wrong form names the file, the line and the field', () => {
  const file = path.join(fixtures, 'bad-frontmatter.mdx');
  const run = () => parseFrontmatter('bad-frontmatter.mdx', readFileSync(file, 'utf8'), LessonFrontmatterSchema);
  expect(run).toThrowError(/bad-frontmatter\.mdx:2: frontmatter field "id"/);
});

test('valid MDX with math and code compiles to a component bundle', async () => {
  const dir = path.resolve(import.meta.dirname, '../../test/fixtures/content/good');
  const compiled = await compileMdxFile(path.join(dir, 'math.mdx'));
  expect(compiled.code).toContain('katex');
});

test('GitHub-style tables compile to real tables', async () => {
  const dir = path.resolve(import.meta.dirname, '../../test/fixtures/content/good');
  const compiled = await compileMdxFile(path.join(dir, 'table.mdx'));
  expect(compiled.code).toContain('"table"');
});

import { expect, test } from 'vitest';
import { replaceSection } from './markdown-section';

test('a new section is appended and the other sections are kept as they were', () => {
  const doc = '# Benchmarks\n\n## Grading\n\ngrading numbers\n';
  expect(replaceSection(doc, 'Dashboard', 'dash 1')).toBe('# Benchmarks\n\n## Grading\n\ngrading numbers\n\n## Dashboard\n\ndash 1\n');
});

test('an existing section is replaced in place, up to the next level-2 heading', () => {
  const doc = '# Benchmarks\n\n## Dashboard\n\nold\n### SQLite\nold too\n\n## Grading\n\nkeep me\n';
  expect(replaceSection(doc, 'Dashboard', 'new')).toBe('# Benchmarks\n\n## Dashboard\n\nnew\n\n## Grading\n\nkeep me\n');
});

test('an empty file gets a title first', () => {
  expect(replaceSection('', 'Dashboard', 'x')).toBe('# Benchmarks\n\n## Dashboard\n\nx\n');
});

import { expect, test } from 'vitest';
import { parseHints, parseHintsDetailed } from './parse-hints';

const sample = [
  '# Hints',
  '',
  'Intro text before the first section is ignored.',
  '',
  '## 1. Build the affinity matrix',
  '',
  '- Start from pairwise squared distances:',
  '  `tf.sum(tf.square(...))`.',
  '- Remember to zero the diagonal.',
  '',
  '## 2. Spread the labels',
  '* Iterate `F = alpha * S F + (1 - alpha) * Y`.',
  '+ Normalise with',
  '  ```ts',
  '  const d = tf.sum(W, 1);',
  '    const inner = 1;',
  '  ```',
  '  then clip.',
].join('\n');

test('sections, titles and bullet items in file order', () => {
  const sections = parseHints(sample);
  expect(sections.map((s) => [s.task, s.title, s.items.length])).toEqual([
    [1, 'Build the affinity matrix', 2],
    [2, 'Spread the labels', 2],
  ]);
});

test('continuation lines join their bullet', () => {
  const [first] = parseHints(sample);
  expect(first?.items[0]).toBe('Start from pairwise squared distances: `tf.sum(tf.square(...))`.');
});

test('fenced code inside a bullet keeps its line breaks and relative indentation', () => {
  const second = parseHints(sample)[1];
  expect(second?.items[1]).toBe(
    'Normalise with\n```ts\nconst d = tf.sum(W, 1);\n  const inner = 1;\n```\nthen clip.',
  );
});

test('a well-formed file has no problems', () => {
  expect(parseHintsDetailed(sample, { taskIds: [1, 2] }).problems).toEqual([]);
});

test('CRLF line endings and a BOM are accepted', () => {
  const sections = parseHints('\uFEFF## 3. Title here\r\n- one\r\n- two\r\n');
  expect(sections).toEqual([{ task: 3, title: 'Title here', items: ['one', 'two'] }]);
});

test('problems name their line', () => {
  const source = [
    '- stray bullet', // 1
    '## Task two', // 2: malformed heading
    '- hidden under a malformed heading', // 3: not reported twice
    '## 2. Good', // 4
    'loose paragraph', // 5
    '- fine', // 6
    '## 2. Again', // 7: duplicate
    '## 9. Unknown task', // 8
  ].join('\n');
  const { sections, problems } = parseHintsDetailed(source, { taskIds: [1, 2] });
  expect(sections.map((s) => s.task)).toEqual([2, 9]);
  expect(problems.map((p) => p.line)).toEqual([1, 2, 5, 7, 8, 8]);
  expect(problems.find((p) => p.line === 2)?.message).toMatch(/## 2\. Title/);
  expect(problems.filter((p) => p.line === 8).map((p) => p.message)).toEqual([
    'task 9 is not one of the exercise\'s tasks',
    'task 9 has a hints heading but no bullet items',
  ]);
});

test('lenient parse drops empty sections', () => {
  expect(parseHints('## 1. Empty section\n\n## 2. Full\n- a')).toEqual([
    { task: 2, title: 'Full', items: ['a'] },
  ]);
});

test('a blank line inside an item separates paragraphs', () => {
  const [section] = parseHints('## 1. T1\n- first para\n\n  second para\n- next');
  expect(section?.items).toEqual(['first para\n\nsecond para', 'next']);
});

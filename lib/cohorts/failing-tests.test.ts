import { expect, test } from 'vitest';
import { summarizeFailingTests } from './failing-tests';
import { gradeResult } from './test-helpers';

test('failures are counted per test id with the most common messages first; corrupt rows are skipped', () => {
  const results = [
    JSON.stringify(gradeResult([{ id: 'a', message: 'too big' }])),
    JSON.stringify(gradeResult([{ id: 'a', message: 'too small' }, { id: 'b', message: 'NaN' }])),
    JSON.stringify(gradeResult([{ id: 'a', message: 'too big' }])),
    '{not json',
    JSON.stringify({ version: 2 }),
  ];
  const summary = summarizeFailingTests(results);
  expect(summary.read).toBe(3);
  expect(summary.tests.map((t) => [t.testId, t.failures, t.seen])).toEqual([['a', 3, 3], ['b', 1, 1]]);
  expect(summary.tests[0]!.samples).toEqual(['too big', 'too small']);
});

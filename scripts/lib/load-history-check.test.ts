import { expect, test } from 'vitest';
import type { Row } from './load-db-reader';
import { checkHistory, type SubmitRecord } from './load-history-check';

const at = new Date('2026-12-08T04:00:00Z');
const row = (id: string, key: string | null, status = 'DONE', outcome: string | null = 'fail'): Row => ({
  id,
  userId: 'u1',
  idempotencyKey: key,
  status,
  outcome,
  gradedAt: status === 'DONE' ? at : null,
  createdAt: at,
});
const submit = (key: string, outcome: SubmitRecord['outcome'], id?: string): SubmitRecord => ({
  learner: 0,
  userId: 'u1',
  key,
  outcome,
  ...(id ? { id } : {}),
});

test('a run where every acknowledged submission is stored once and graded passes', () => {
  const check = checkHistory(
    [row('s1', 'k1'), row('s3', 'k3')],
    [submit('k1', 'ok', 's1'), submit('k2', 'fail'), submit('k3', 'info'), submit('k4', 'info')],
  );
  expect(check).toEqual({ problems: [], acknowledged: 1, lost: 0, notGraded: 0, duplicated: 0, unacknowledged: 0, fromInfo: 1 });
});

test('an acknowledged submission missing from the database counts as lost', () => {
  const check = checkHistory([], [submit('k1', 'ok', 's1')]);
  expect(check.lost).toBe(1);
  expect(check.problems).toEqual(['acknowledged s1 (key k1) found 0 times']);
});

test('two rows under one idempotency key count as a duplicate', () => {
  const check = checkHistory([row('s1', 'k1'), row('s2', 'k1')], [submit('k1', 'ok', 's1')]);
  expect(check.duplicated).toBe(1);
  expect(check.problems.length).toBeGreaterThan(0);
});

test('a row for a refused request, or for no request at all, is reported', () => {
  const check = checkHistory([row('s2', 'k2'), row('s9', 'k9'), row('s0', null)], [submit('k2', 'fail')]);
  expect(check.unacknowledged).toBe(2);
  expect(check.problems).toHaveLength(3);
});

test('an acknowledged or unknown-outcome row that was never graded is reported', () => {
  const check = checkHistory(
    [row('s1', 'k1', 'PENDING', null), row('s3', 'k3', 'GRADING', null)],
    [submit('k1', 'ok', 's1'), submit('k3', 'info')],
  );
  expect(check.notGraded).toBe(1);
  expect(check.problems).toHaveLength(2);
});

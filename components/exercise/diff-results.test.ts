import { expect, test } from 'vitest';
import type { GradeResult, TestResult } from '@/lib/grading/result-schema';
import { diffResults, hasChanges } from './diff-results';

function t(id: string, status: TestResult['status']): TestResult {
  return { id, name: `test ${id}`, task: 1, status, message: '', points: status === 'pass' ? 1 : 0, maxPoints: 1 };
}

function grade(tests: Array<TestResult>): GradeResult {
  const passed = tests.filter((x) => x.status === 'pass').length;
  return {
    version: 1,
    status: passed === tests.length ? 'pass' : 'fail',
    score: tests.length ? passed / tests.length : 0,
    tests,
    graderVersion: 'v1',
    durationMs: 10,
  };
}

test('reports tests that started and stopped passing', () => {
  const diff = diffResults(
    grade([t('a', 'fail'), t('b', 'pass'), t('c', 'error'), t('d', 'pass')]),
    grade([t('a', 'pass'), t('b', 'fail'), t('c', 'pass'), t('d', 'pass')]),
  );
  expect(diff.newlyPassing.map((x) => x.id)).toEqual(['a', 'c']);
  expect(diff.newlyFailing.map((x) => x.id)).toEqual(['b']);
  expect(diff.scoreDelta).toBeCloseTo(0.25);
  expect(hasChanges(diff)).toBe(true);
});

test('an error after a pass counts as newly failing', () => {
  const diff = diffResults(grade([t('a', 'pass')]), grade([t('a', 'error')]));
  expect(diff.newlyFailing.map((x) => x.id)).toEqual(['a']);
});

test('added and removed tests are kept apart from status changes', () => {
  const diff = diffResults(grade([t('a', 'pass'), t('old', 'fail')]), grade([t('a', 'pass'), t('new', 'pass')]));
  expect(diff.added.map((x) => x.id)).toEqual(['new']);
  expect(diff.removed).toEqual(['old']);
  expect(diff.newlyPassing).toEqual([]);
});

test('identical grades have no changes', () => {
  const g = grade([t('a', 'pass'), t('b', 'fail')]);
  expect(hasChanges(diffResults(g, g))).toBe(false);
});

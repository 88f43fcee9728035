import { expect, test } from 'vitest';
import { gradeConceptCheck, toPublicQuestions } from './grade';
import type { QuizQuestion } from '@/lib/content/frontmatter';

const quiz: QuizQuestion[] = [
  { id: 'a', kind: 'choice', prompt: 'Pick one', options: ['x', 'y'], answer: 1, explanation: 'because y' },
  { id: 'b', kind: 'numeric', prompt: 'A number', answer: 0.5944, tolerance: 0.001, explanation: 'log(1+...)' },
];

test('a right choice and a number within tolerance score full marks', () => {
  expect(gradeConceptCheck(quiz, { a: 1, b: 0.595 }).score).toBe(1);
});

test('a number outside the tolerance and a missing answer are wrong', () => {
  const graded = gradeConceptCheck(quiz, { b: 0.6 });
  expect(graded.score).toBe(0);
  expect(graded.feedback.map((f) => f.correct)).toEqual([false, false]);
});

test('the questions sent to the browser carry no answers', () => {
  expect(JSON.stringify(toPublicQuestions(quiz))).not.toMatch(/answer|tolerance|explanation/);
});

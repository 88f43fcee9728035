import { z } from 'zod';
import type { QuizQuestion } from '@/lib/content/frontmatter';

export const ConceptCheckBodySchema = z.object({
  lessonId: z.uuid(),
  answers: z.record(z.string().max(64), z.number().finite()),
});

export type QuestionFeedback = { id: string; correct: boolean; explanation: string };

/** Grades answers against the lesson's quiz. Unanswered questions count as wrong. */
export function gradeConceptCheck(
  quiz: ReadonlyArray<QuizQuestion>,
  answers: Readonly<Record<string, number>>,
): { score: number; feedback: QuestionFeedback[] } {
  const feedback = quiz.map((q) => {
    const given = answers[q.id];
    const correct =
      given !== undefined &&
      (q.kind === 'choice' ? given === q.answer : Math.abs(given - q.answer) <= q.tolerance + 1e-12);
    return { id: q.id, correct, explanation: q.explanation };
  });
  const score = quiz.length ? feedback.filter((f) => f.correct).length / quiz.length : 0;
  return { score, feedback };
}

/** What the browser may see of a question: never the answer. */
export type PublicQuestion =
  | { id: string; kind: 'choice'; prompt: string; options: string[] }
  | { id: string; kind: 'numeric'; prompt: string };

export function toPublicQuestions(quiz: ReadonlyArray<QuizQuestion>): PublicQuestion[] {
  return quiz.map((q) =>
    q.kind === 'choice'
      ? { id: q.id, kind: 'choice', prompt: q.prompt, options: q.options }
      : { id: q.id, kind: 'numeric', prompt: q.prompt },
  );
}

import { z } from 'zod';

export const ModuleFrontmatterSchema = z
  .object({
    title: z.string().min(3),
    summary: z.string().min(10),
    objectives: z.array(z.string().min(5)).min(1),
  })
  .strict();
export type ModuleFrontmatter = z.infer<typeof ModuleFrontmatterSchema>;

export const ReferenceSchema = z
  .object({
    authors: z.string().min(2),
    title: z.string().min(2),
    venue: z.string().optional(),
    year: z.number().int().min(1900).max(2100),
    url: z.url().optional(),
  })
  .strict();

const QuizBase = {
  /** Stable within the lesson: stored answers key on (lesson id, question id). */
  id: z.string().regex(/^[a-z0-9-]+$/),
  prompt: z.string().min(5),
  /** Shown after answering, right or wrong: why the answer is what it is. */
  explanation: z.string().min(5),
};

export const QuizQuestionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...QuizBase,
      kind: z.literal('choice'),
      options: z.array(z.string().min(1)).min(2).max(6),
      /** Index into options of the one correct option. */
      answer: z.number().int().min(0),
    })
    .strict()
    .refine((q) => q.answer < q.options.length, { message: 'answer must index one of the options' }),
  z
    .object({
      ...QuizBase,
      kind: z.literal('numeric'),
      answer: z.number(),
      /** Absolute tolerance accepted around the answer. */
      tolerance: z.number().nonnegative(),
    })
    .strict(),
]);
export type QuizQuestion = z.infer<typeof QuizQuestionSchema>;

export const LessonFrontmatterSchema = z
  .object({
    /** Stable identity for progress rows: renaming or reordering the file keeps progress. */
    id: z.uuid(),
    title: z.string().min(3),
    summary: z.string().min(10),
    minutes: z.number().int().min(1).max(90),
    objectives: z.array(z.string().min(5)).min(1),
    references: z.array(ReferenceSchema).default([]),
    /** The concept check at the end of the lesson (rendered by <ConceptCheck />), graded on the server. */
    quiz: z.array(QuizQuestionSchema).default([]),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;

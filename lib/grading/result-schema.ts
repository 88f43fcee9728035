import { z } from 'zod';

/** Why a whole grade could not be computed. Every one of these costs the learner no attempt. */
export const ErrorVerdictSchema = z.enum([
  'SYNTAX_ERROR',
  'TIMEOUT',
  'MEMORY_LIMIT',
  'OUTPUT_LIMIT',
  'GRADER_ERROR',
]);
export type ErrorVerdict = z.infer<typeof ErrorVerdictSchema>;

export const TestStatusSchema = z.enum(['pass', 'fail', 'error']);

export const TestResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: z.number().int(),
  status: TestStatusSchema,
  message: z.string().max(2000),
  output: z.string().max(4000).optional(),
  points: z.number().min(0),
  maxPoints: z.number().min(0),
  durationMs: z.number().min(0).optional(),
});
export type TestResult = z.infer<typeof TestResultSchema>;

export const GradeResultSchema = z.object({
  version: z.literal(1),
  status: z.enum(['pass', 'fail', 'error']),
  verdict: ErrorVerdictSchema.optional(),
  score: z.number().min(0).max(1),
  message: z.string().max(2000).optional(),
  tests: z.array(TestResultSchema),
  graderVersion: z.string(),
  durationMs: z.number().min(0),
});
export type GradeResult = z.infer<typeof GradeResultSchema>;

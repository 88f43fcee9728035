import { z } from 'zod';

export const ExerciseMetaSchema = z
  .object({
    /** Stable identity: progress and submissions key on it, so folders can be renamed freely. */
    uuid: z.uuid(),
    /** What lessons write in <Exercise id="..." />. */
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: z.string().min(3),
    summary: z.string().min(10),
    tasks: z
      .array(z.object({ id: z.number().int().positive(), title: z.string().min(3) }))
      .min(1),
    /** The learner-facing contract: what the learner's module must export. */
    exports: z.array(z.object({ name: z.string(), signature: z.string() })).min(1),
    /** Base seed of every graded run; stored with each submission. */
    seed: z.number().int().nonnegative(),
    timeLimitMs: z.number().int().min(500).max(60_000),
    /** Solution and diff unlock after a pass or after this many graded attempts. */
    solutionAfterAttempts: z.number().int().positive().default(5),
  })
  .strict();
export type ExerciseMeta = z.infer<typeof ExerciseMetaSchema>;

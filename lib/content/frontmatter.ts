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

export const LessonFrontmatterSchema = z
  .object({
    /** Stable identity for progress rows: renaming or reordering the file keeps progress. */
    id: z.uuid(),
    title: z.string().min(3),
    summary: z.string().min(10),
    minutes: z.number().int().min(1).max(90),
    objectives: z.array(z.string().min(5)).min(1),
    references: z.array(ReferenceSchema).default([]),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;

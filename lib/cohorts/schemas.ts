import { z } from 'zod';
import { LatePolicySchema } from './late-policy';

/**
 * Request bodies of the cohort API. Only the listed fields are read; anything else (an ownerId, a
 * role, a userId) is dropped by the schema, so it cannot be mass-assigned.
 */

const DueAtSchema = z
  .string()
  .pipe(z.iso.datetime({ offset: true, message: 'dueAt must be an ISO date-time such as 2026-12-01T17:00:00Z' }))
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100, 'dueAt must be between 2000 and 2100');

export const CreateCohortSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100),
  latePolicy: LatePolicySchema.default('accept'),
});

export const UpdateCohortSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(100).optional(),
    latePolicy: LatePolicySchema.optional(),
    rotateJoinCode: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.latePolicy !== undefined || b.rotateJoinCode, 'Nothing to change');

export const JoinCohortSchema = z.object({ code: z.string().trim().min(4, 'Enter the join code').max(32) });

export const MemberRoleSchema = z.object({ role: z.enum(['student', 'instructor']) });

export const AddAssignmentSchema = z
  .object({
    exerciseUuid: z.uuid().optional(),
    moduleSlug: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'moduleSlug looks like 01-semi-supervised').optional(),
    dueAt: DueAtSchema,
  })
  .refine((b) => Boolean(b.exerciseUuid) !== Boolean(b.moduleSlug), 'Give either exerciseUuid or moduleSlug');

export const DueDateSchema = z.object({ dueAt: DueAtSchema });

export type CreateCohortBody = z.infer<typeof CreateCohortSchema>;
export type UpdateCohortBody = z.infer<typeof UpdateCohortSchema>;
export type AddAssignmentBody = z.infer<typeof AddAssignmentSchema>;

import { z } from 'zod';
import { ProbeJobSchema, type ProbeJob } from '../probe-runner';

/**
 * The wire format between the trusted parent and the jailed child. Both directions are parsed
 * with zod: the child distrusts a malformed job, and the parent distrusts everything the child
 * says, because learner code runs in that process and can write to the same file descriptors.
 */

/** Limits the parent applies to what one child may send back (per test, as plain text). */
export const TEST_OUTPUT_CAP = 4000;
export const MAX_CODE_CHARS = 256 * 1024;
export const MAX_JOB_BYTES = 8 * 1024 * 1024;

export const ChildJobSchema = z
  .object({
    /** Learner code, already transpiled to CommonJS. */
    code: z.string().max(MAX_CODE_CHARS),
    /** CommonJS bundle of the exercise's probes.ts (tfjs left external). */
    probesJs: z.string(),
    jobs: z.array(ProbeJobSchema).max(500),
  })
  .strict();
export type ChildJob = { code: string; probesJs: string; jobs: ProbeJob[] };

const Id = z.string().min(1).max(200);
const Duration = z.number().finite().min(0);
const Output = z.string().max(TEST_OUTPUT_CAP + 100).optional();

export const ChildEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ready'),
      importMs: Duration,
      backendMs: Duration,
      backend: z.string().max(50),
    })
    .strict(),
  z.object({ type: z.literal('test-start'), id: Id }).strict(),
  z.discriminatedUnion('ok', [
    z
      .object({
        type: z.literal('observation'),
        id: Id,
        ok: z.literal(true),
        // Optional: JSON drops an undefined value; the test's schema then rejects it as a learner fail.
        value: z.unknown().optional(),
        durationMs: Duration,
        output: Output,
      })
      .strict(),
    z
      .object({
        type: z.literal('observation'),
        id: Id,
        ok: z.literal(false),
        error: z.string().max(2000),
        /** 'contract': a probe's ProbeError, shown to the learner as is. */
        source: z.enum(['learner', 'contract']).default('learner'),
        durationMs: Duration,
        output: Output,
      })
      .strict(),
  ]),
  z.object({ type: z.literal('done') }).strict(),
  /** Something on the grader's side failed inside the child (bad job, probes bundle threw). */
  z.object({ type: z.literal('fatal'), message: z.string().max(2000) }).strict(),
]);
export type ChildEvent = z.infer<typeof ChildEventSchema>;
export type ObservationEvent = Extract<ChildEvent, { type: 'observation' }>;

/** Parses one line of the child's fd 3; undefined means the line breaks the protocol. */
export function parseChildEvent(line: string): ChildEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = ChildEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

import { z } from 'zod';
import { TEST_OUTPUT_CAP } from './protocol';

/**
 * The child → parent half of the wire format: one JSON line per event on fd 3. Parsed strictly by
 * the trusted parent, because learner code shares the child process and can write those lines.
 */

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

import { z } from 'zod';
import { ErrorVerdictSchema, GradeResultSchema, TestResultSchema } from '../result-schema';

/**
 * Every message between the page, the runner iframe and its worker. Anything that arrives from the
 * iframe side is learner-reachable (learner code shares the worker's globals), so each receiver
 * parses with these schemas and drops what does not fit.
 */

export const LOG_LEVELS = ['log', 'info', 'warn', 'error'] as const;
export const MAX_LOG_LINES = 500;
export const MAX_LOG_BYTES = 64 * 1024;
export const MAX_LOG_LINE_CHARS = 4000;
export const MAX_SCATTER_POINTS = 5000;
export const MAX_METRIC_BATCH = 1000;
export const MAX_TESTS = 500;

const Id = z.string().min(1).max(200);
const Text = z.string().max(2000);

export const PlannedTestSchema = z.object({
  id: Id,
  name: z.string().max(500),
  task: z.number().int(),
  points: z.number().min(0),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
});
export type PlannedTest = z.infer<typeof PlannedTestSchema>;

export const MetricPointSchema = z.object({
  series: z.string().min(1).max(100),
  step: z.number(),
  value: z.number(),
});

export const ScatterPointSchema = z.object({ x: z.number(), y: z.number(), label: z.number().int() });

/** Worker -> frame -> page. */
export const WorkerMessageSchema = z.discriminatedUnion('type', [
  /** tfjs and a backend are loaded; the worker waits for the run. */
  z.object({ type: z.literal('ready'), backend: z.string().max(32), loadMs: z.number().min(0) }),
  z.object({ type: z.literal('plan'), tests: z.array(PlannedTestSchema).max(MAX_TESTS) }),
  z.object({ type: z.literal('status'), text: Text }),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), text: z.string().max(MAX_LOG_LINE_CHARS) }),
  z.object({ type: z.literal('test-start'), id: Id }),
  /** Judged right after the probe, so a later timeout still reports the tests that finished. */
  z.object({ type: z.literal('test-result'), result: TestResultSchema }),
  z.object({ type: z.literal('metrics'), points: z.array(MetricPointSchema).max(MAX_METRIC_BATCH) }),
  z.object({
    type: z.literal('scatter'),
    title: z.string().max(200),
    points: z.array(ScatterPointSchema).max(MAX_SCATTER_POINTS),
  }),
  z.object({ type: z.literal('done'), result: GradeResultSchema }),
  /** The run could not be graded at all (assets failed to load, grader bug, ...). */
  z.object({ type: z.literal('fatal'), verdict: ErrorVerdictSchema, message: Text }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

export const FRAME_CHANNEL = 'ml-course-runner';

/** Frame -> page: the worker's message, tagged with the nonce the page gave this iframe. */
export const FrameEnvelopeSchema = z.object({
  channel: z.literal(FRAME_CHANNEL),
  nonce: z.uuid(),
  message: WorkerMessageSchema,
});
export type FrameEnvelope = z.infer<typeof FrameEnvelopeSchema>;

const Bytes = z.instanceof(ArrayBuffer);

/** Page -> frame. The iframe's origin is opaque, so the page posts with targetOrigin '*'. */
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    nonce: z.uuid(),
    wasm: z.object({ simd: Bytes, plain: Bytes }),
  }),
  z.object({
    type: z.literal('run'),
    nonce: z.uuid(),
    exerciseSlug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    /** Transpiled and wrapped learner code (see wrapCommonJs). */
    js: z.string().max(1_000_000),
    seed: z.number().int().nonnegative(),
  }),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

/** Frame -> worker. */
export const FrameToWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    wasmPaths: z.record(z.string(), z.string().startsWith('blob:')),
  }),
  z.object({
    type: z.literal('run'),
    graderUrl: z.url(),
    js: z.string().max(1_000_000),
    seed: z.number().int().nonnegative(),
  }),
]);
export type FrameToWorker = z.infer<typeof FrameToWorkerSchema>;

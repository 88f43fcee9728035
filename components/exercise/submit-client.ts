import { GradeResultSchema, type GradeResult } from '@/lib/grading/result-schema';

export type SubmitRequest = {
  exerciseId: string;
  code: string;
  /** The browser's own score for this exact code, or null when the code changed since the last run. */
  clientScore: number | null;
  idempotencyKey: string;
};

export type PostOutcome =
  | { kind: 'accepted'; id: string }
  | { kind: 'rejected'; status: number; message: string; retryAfterSec?: number }
  /** No answer from the server: the submission may or may not exist. Retry with the same key. */
  | { kind: 'unreachable'; message: string };

export type PollOutcome =
  | { kind: 'done'; id: string; score: number | null; result: GradeResult }
  | { kind: 'failed'; message: string }
  | { kind: 'gave-up' }
  | { kind: 'aborted' };

export type ClientDeps = {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
};

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The server could not read this submission.',
  401: 'Your session has ended. Sign in again to submit.',
  404: 'This exercise is not available for submission.',
  409: 'An earlier submission is still being graded. Wait for its grade, then submit again.',
  413: 'Your code is too large to submit.',
  429: 'You have submitted many times in a short while.',
  503: 'The grader is busy right now.',
};

// Statuses after which the server may or may not have stored the submission; the key makes a retry safe.
const RETRYABLE_STATUS = new Set([500, 502, 504]);

/**
 * POSTs a submission, retrying with the same idempotency key while the outcome is unknown (network
 * failure, gateway errors), so that an acknowledged submission is never duplicated and a lost answer
 * is never mistaken for a lost submission.
 */
export async function postSubmission(
  request: SubmitRequest,
  deps: ClientDeps & { retryDelaysMs?: ReadonlyArray<number> } = {},
): Promise<PostOutcome> {
  const { fetchImpl = fetch, sleep = abortableSleep, now = Date.now, signal } = deps;
  const delays = deps.retryDelaysMs ?? [500, 1000, 2000, 4000, 8000];
  let lastProblem = 'The server could not be reached.';
  for (let attempt = 0; attempt <= delays.length; attempt += 1) {
    if (attempt > 0) await sleep(delays[attempt - 1] ?? 1000, signal);
    if (signal?.aborted) return { kind: 'unreachable', message: 'Submitting was cancelled.' };
    let response: Response;
    try {
      response = await fetchImpl('/api/submissions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        signal,
      });
    } catch {
      lastProblem = 'The server could not be reached. Check your connection.';
      continue;
    }
    if (response.status === 202 || response.status === 200) {
      const body = await readJson(response);
      const id = isRecord(body) && typeof body.id === 'string' ? body.id : null;
      if (id) return { kind: 'accepted', id };
      lastProblem = 'The server answered without a submission id.';
      continue;
    }
    if (RETRYABLE_STATUS.has(response.status)) {
      lastProblem = `The server had a problem (HTTP ${response.status}).`;
      continue;
    }
    const body = await readJson(response);
    const retryAfterSec = parseRetryAfter(response.headers.get('Retry-After'), now());
    return {
      kind: 'rejected',
      status: response.status,
      message: errorMessage(body) ?? FALLBACK_MESSAGES[response.status] ?? `Submitting failed (HTTP ${response.status}).`,
      ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
    };
  }
  return { kind: 'unreachable', message: lastProblem };
}

/** 500 ms between polls for the first 10 s (most grades land by then), then 2 s. */
export function pollDelayMs(elapsedMs: number): number {
  return elapsedMs < 10_000 ? 500 : 2000;
}

/** Polls GET /api/submissions/{id} until the grade is DONE. Network hiccups and 5xx only slow it down. */
export async function pollSubmission(
  id: string,
  deps: ClientDeps & { maxWaitMs?: number; onStatus?: (status: string) => void } = {},
): Promise<PollOutcome> {
  const { fetchImpl = fetch, sleep = abortableSleep, now = Date.now, signal, onStatus } = deps;
  const maxWaitMs = deps.maxWaitMs ?? 5 * 60_000;
  const started = now();
  for (;;) {
    const elapsed = now() - started;
    if (elapsed > maxWaitMs) return { kind: 'gave-up' };
    await sleep(pollDelayMs(elapsed), signal);
    if (signal?.aborted) return { kind: 'aborted' };
    let response: Response;
    try {
      response = await fetchImpl(`/api/submissions/${encodeURIComponent(id)}`, { cache: 'no-store', signal });
    } catch {
      if (signal?.aborted) return { kind: 'aborted' };
      continue;
    }
    if (response.status >= 500) continue;
    const body = await readJson(response);
    if (!response.ok) {
      return { kind: 'failed', message: errorMessage(body) ?? FALLBACK_MESSAGES[response.status] ?? `HTTP ${response.status}` };
    }
    if (!isRecord(body) || typeof body.status !== 'string') continue;
    onStatus?.(body.status);
    if (body.status !== 'DONE') continue;
    const parsed = GradeResultSchema.safeParse(typeof body.result === 'string' ? safeJsonParse(body.result) : body.result);
    if (!parsed.success) return { kind: 'failed', message: 'The server sent a grade this page could not read.' };
    const score = typeof body.score === 'number' ? body.score : null;
    return { kind: 'done', id, score, result: parsed.data };
  }
}

/** One read of a finished submission's grade (the previous attempt, for "what changed"). */
export async function fetchSubmissionResult(id: string, deps: ClientDeps = {}): Promise<GradeResult | null> {
  const { fetchImpl = fetch, signal } = deps;
  try {
    const response = await fetchImpl(`/api/submissions/${encodeURIComponent(id)}`, { cache: 'no-store', signal });
    if (!response.ok) return null;
    const body = await readJson(response);
    if (!isRecord(body) || body.status !== 'DONE') return null;
    const parsed = GradeResultSchema.safeParse(typeof body.result === 'string' ? safeJsonParse(body.result) : body.result);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(body: unknown): string | null {
  return isRecord(body) && typeof body.error === 'string' && body.error.trim() ? body.error : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { expect, test } from 'vitest';
import type { GradeResult } from '@/lib/grading/result-schema';
import { parseRetryAfter, pollDelayMs, pollSubmission, postSubmission, type SubmitRequest } from './submit-client';

const request: SubmitRequest = {
  exerciseId: '7d0a3f0e-4b7c-4a39-9a0c-2f5b0d1f8e11',
  code: 'export const x = 1;',
  clientScore: 0.5,
  idempotencyKey: 'key-1',
};

const result: GradeResult = {
  version: 1,
  status: 'pass',
  score: 1,
  tests: [{ id: 'a', name: 'A', task: 1, status: 'pass', message: '', points: 1, maxPoints: 1 }],
  graderVersion: 'v1',
  durationMs: 5,
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A fetch that plays back scripted answers and records the bodies it was sent. */
function scripted(answers: Array<Response | Error>) {
  const bodies: Array<unknown> = [];
  const urls: Array<string> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input));
    if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetchImpl, bodies, urls };
}

const noSleep = async () => {};

test('retries a network failure with the same idempotency key', async () => {
  const { fetchImpl, bodies } = scripted([new TypeError('fetch failed'), json(502, {}), json(202, { id: 's1', status: 'PENDING' })]);
  const outcome = await postSubmission(request, { fetchImpl, sleep: noSleep });
  expect(outcome).toEqual({ kind: 'accepted', id: 's1' });
  expect(bodies).toHaveLength(3);
  expect(new Set(bodies.map((b) => (b as SubmitRequest).idempotencyKey))).toEqual(new Set(['key-1']));
});

test('gives up as "unreachable" (outcome unknown) after the retries', async () => {
  const { fetchImpl } = scripted([new TypeError('x'), new TypeError('x'), new TypeError('x')]);
  const outcome = await postSubmission(request, { fetchImpl, sleep: noSleep, retryDelaysMs: [1, 1] });
  expect(outcome.kind).toBe('unreachable');
});

test('shows the server message and Retry-After on 429 without retrying', async () => {
  const { fetchImpl, bodies } = scripted([json(429, { error: 'Slow down.' }, { 'Retry-After': '30' })]);
  const outcome = await postSubmission(request, { fetchImpl, sleep: noSleep });
  expect(outcome).toEqual({ kind: 'rejected', status: 429, message: 'Slow down.', retryAfterSec: 30 });
  expect(bodies).toHaveLength(1);
});

test('a rejection without a JSON body gets a plain message', async () => {
  const { fetchImpl } = scripted([new Response('nope', { status: 413 })]);
  const outcome = await postSubmission(request, { fetchImpl, sleep: noSleep });
  expect(outcome).toMatchObject({ kind: 'rejected', status: 413, message: 'Your code is too large to submit.' });
});

test('polls past PENDING, GRADING and a 503 until DONE', async () => {
  const statuses: Array<string> = [];
  const { fetchImpl, urls } = scripted([
    json(200, { id: 's1', status: 'PENDING', score: null, result: null }),
    new TypeError('blip'),
    json(503, { error: 'busy' }),
    json(200, { id: 's1', status: 'GRADING', score: null, result: null }),
    json(200, { id: 's1', status: 'DONE', score: 1, result }),
  ]);
  const outcome = await pollSubmission('s1', { fetchImpl, sleep: noSleep, onStatus: (s) => statuses.push(s) });
  expect(outcome).toEqual({ kind: 'done', id: 's1', score: 1, result });
  expect(statuses).toEqual(['PENDING', 'GRADING', 'DONE']);
  expect(urls.every((u) => u === '/api/submissions/s1')).toBe(true);
});

test('a result stored as a JSON string is accepted', async () => {
  const { fetchImpl } = scripted([json(200, { id: 's1', status: 'DONE', score: 1, result: JSON.stringify(result) })]);
  const outcome = await pollSubmission('s1', { fetchImpl, sleep: noSleep });
  expect(outcome.kind).toBe('done');
});

test('an unreadable grade or a 404 stops polling with a message', async () => {
  const bad = scripted([json(200, { id: 's1', status: 'DONE', score: 1, result: { nope: true } })]);
  expect((await pollSubmission('s1', { fetchImpl: bad.fetchImpl, sleep: noSleep })).kind).toBe('failed');
  const missing = scripted([json(404, { error: 'Not found' })]);
  expect(await pollSubmission('s1', { fetchImpl: missing.fetchImpl, sleep: noSleep })).toEqual({
    kind: 'failed',
    message: 'Not found',
  });
});

test('polling gives up after the maximum wait', async () => {
  let t = 0;
  const { fetchImpl } = scripted(Array.from({ length: 50 }, () => json(200, { id: 's1', status: 'PENDING' })));
  const outcome = await pollSubmission('s1', {
    fetchImpl,
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    maxWaitMs: 12_000,
  });
  expect(outcome).toEqual({ kind: 'gave-up' });
});

test('poll delay backs off after 10 s', () => {
  expect(pollDelayMs(0)).toBe(500);
  expect(pollDelayMs(9_999)).toBe(500);
  expect(pollDelayMs(10_000)).toBe(2000);
});

test('Retry-After as seconds or as a date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('12', now)).toBe(12);
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

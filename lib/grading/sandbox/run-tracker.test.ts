import { afterEach, expect, test } from 'vitest';
import { parseChildEvent } from './child-events';
import type { ChildJob } from './protocol';
import { RunTracker } from './run-tracker';

const job: ChildJob = {
  code: '',
  probesJs: '',
  jobs: [
    { id: 'a', probe: 'p', input: 1 },
    { id: 'b', probe: 'p', input: 2 },
  ],
};
const trackers: RunTracker[] = [];

function tracker(testTimeoutMs?: Record<string, number>): { t: RunTracker; kills: () => number } {
  let kills = 0;
  const t = new RunTracker(job, { wallMs: 60_000, ...(testTimeoutMs ? { testTimeoutMs } : {}) }, () => {
    kills += 1;
  });
  trackers.push(t);
  return { t, kills: () => kills };
}

const line = (event: object) => parseChildEvent(JSON.stringify(event));
const exited = { code: 0, signal: null };

afterEach(() => {
  for (const t of trackers.splice(0)) t.stopTimers();
});

test('the child protocol rejects unknown fields, unknown types and non-JSON lines', () => {
  expect(line({ type: 'done' })).toEqual({ type: 'done' });
  expect(line({ type: 'done', score: 1 })).toBeUndefined();
  expect(line({ type: 'result', score: 1 })).toBeUndefined();
  expect(line({ type: 'observation', id: 'a', ok: true, value: 1, durationMs: -5 })).toBeUndefined();
  expect(parseChildEvent('{"type":"done"')).toBeUndefined();
});

test('a complete run has no failure and keeps observations and output', () => {
  const { t } = tracker();
  t.onEvent(line({ type: 'test-start', id: 'a' }));
  t.onEvent(line({ type: 'observation', id: 'a', ok: true, value: 2, durationMs: 1, output: 'hi\n' }));
  t.onEvent(line({ type: 'observation', id: 'b', ok: false, error: 'TypeError: x', durationMs: 1 }));
  expect(t.finish(exited, '')).toBeUndefined();
  expect(t.observations.map((o) => o.id)).toEqual(['a', 'b']);
  expect(t.outputs).toEqual({ a: 'hi\n' });
});

test('a second observation for one test is a protocol violation that stops the run', () => {
  const { t, kills } = tracker();
  t.onEvent(line({ type: 'observation', id: 'a', ok: true, value: 2, durationMs: 1 }));
  t.onEvent(line({ type: 'observation', id: 'a', ok: true, value: 4, durationMs: 1 }));
  expect(kills()).toBe(1);
  expect(t.finish({ code: null, signal: 'SIGKILL' }, '')?.verdict).toBe('GRADER_ERROR');
  expect(t.observations).toHaveLength(1);
});

test('an observation for a test that is not in the job is a protocol violation', () => {
  const { t } = tracker();
  t.onEvent(line({ type: 'observation', id: 'zzz', ok: true, value: 2, durationMs: 1 }));
  expect(t.finish(exited, '')?.verdict).toBe('GRADER_ERROR');
});

test('an allocation failure reported by learner code is a MEMORY_LIMIT for that test', () => {
  const { t, kills } = tracker();
  t.onEvent(line({ type: 'observation', id: 'a', ok: false, error: 'RangeError: Array buffer allocation failed', durationMs: 1 }));
  expect(kills()).toBe(1);
  expect(t.finish({ code: null, signal: 'SIGKILL' }, '')).toMatchObject({ verdict: 'MEMORY_LIMIT', testId: 'a' });
});

test('an exit without all results is classified from the exit and stderr', () => {
  const oom = tracker().t;
  oom.onEvent(line({ type: 'test-start', id: 'a' }));
  expect(oom.finish({ code: null, signal: 'SIGABRT' }, 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')).toMatchObject({ verdict: 'MEMORY_LIMIT', testId: 'a' });
  const cpu = tracker().t;
  expect(cpu.finish({ code: null, signal: 'SIGXCPU' }, '')?.verdict).toBe('TIMEOUT');
  const crash = tracker().t;
  expect(crash.finish({ code: 1, signal: null }, 'boom')?.verdict).toBe('GRADER_ERROR');
});

test('a per-test limit stops the run and names the test that was running', async () => {
  const { t, kills } = tracker({ b: 20 });
  t.onEvent(line({ type: 'observation', id: 'a', ok: true, value: 2, durationMs: 1 }));
  t.onEvent(line({ type: 'test-start', id: 'b' }));
  t.onStreamText('printed before the hang\n');
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(kills()).toBe(1);
  expect(t.finish({ code: null, signal: 'SIGKILL' }, '')).toMatchObject({
    verdict: 'TIMEOUT',
    testId: 'b',
    output: 'printed before the hang\n',
  });
});

test('an observation whose value was undefined (dropped by JSON) is still an observation', () => {
  expect(line({ type: 'observation', id: 'a', ok: true, durationMs: 1 })).toMatchObject({ id: 'a', ok: true });
});

test('time spent waiting for a CPU is not charged: a starved run outlives its limit until the backstop', async () => {
  let kills = 0;
  const started = performance.now();
  // The child "waits on the run queue" for all but 10 % of the wall time.
  const clock = { runQueueMs: () => (performance.now() - started) * 0.9 };
  const t = new RunTracker(job, { wallMs: 200 }, () => (kills += 1), clock);
  trackers.push(t);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(kills).toBe(0);
  expect(t.chargedMs()).toBeLessThan(100);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(kills).toBe(1);
  expect(t.finish({ code: null, signal: 'SIGKILL' }, '')?.verdict).toBe('TIMEOUT');
});

test('a run that gets the CPU, or sleeps, is charged the wall time and stopped at its limit', async () => {
  let kills = 0;
  const t = new RunTracker(job, { wallMs: 200, testTimeoutMs: { a: 100 } }, () => (kills += 1));
  trackers.push(t);
  t.onEvent(line({ type: 'test-start', id: 'a' }));
  await new Promise((resolve) => setTimeout(resolve, 180));
  expect(kills).toBe(1);
  const failure = t.finish({ code: null, signal: 'SIGKILL' }, '');
  expect(failure?.verdict).toBe('TIMEOUT');
  expect(failure?.testId).toBe('a');
  expect(failure?.detail).toMatch(/This test has a time limit/);
});

test('a reading that drops to 0 once the child is gone does not charge the waiting back', async () => {
  let gone = false;
  const started = performance.now();
  const t = new RunTracker(job, { wallMs: 60_000 }, () => {}, { runQueueMs: () => (gone ? 0 : performance.now() - started) });
  trackers.push(t);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(t.chargedMs()).toBeLessThan(30);
  gone = true;
  expect(t.chargedMs()).toBeLessThan(30);
});

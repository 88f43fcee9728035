import { expect, test } from 'vitest';
import type { GradeResult } from '@/lib/grading/result-schema';
import {
  MAX_CONSOLE_LINES,
  applyRunEvents,
  finishRunView,
  initialRunView,
  startRunView,
  summarizeResult,
} from './run-state';

test('log, status and test events fold into the view', () => {
  const view = applyRunEvents(startRunView('running', 'Starting…'), [
    { type: 'status', text: 'Loading TensorFlow.js' },
    { type: 'log', level: 'log', text: 'hello' },
    { type: 'log', level: 'error', text: 'boom' },
    { type: 'test-start', id: 'shape' },
    { type: 'test-end', id: 'shape', ok: true, durationMs: 12 },
    { type: 'test-start', id: 'values' },
  ]);
  expect(view.statusText).toBe('Loading TensorFlow.js');
  expect(view.logs.map((l) => [l.level, l.text])).toEqual([
    ['log', 'hello'],
    ['error', 'boom'],
  ]);
  expect(view.errorCount).toBe(1);
  expect(view.liveTests).toEqual([
    { id: 'shape', state: 'pass', durationMs: 12 },
    { id: 'values', state: 'running' },
  ]);
});

test('does not mutate the previous view', () => {
  const before = applyRunEvents(initialRunView, [{ type: 'metric', series: 'loss', step: 0, value: 1 }]);
  const snapshot = JSON.stringify(before);
  applyRunEvents(before, [
    { type: 'metric', series: 'loss', step: 1, value: 0.5 },
    { type: 'log', level: 'info', text: 'x' },
  ]);
  expect(JSON.stringify(before)).toBe(snapshot);
});

test('metric series append across batches and keep non-finite values', () => {
  let view = applyRunEvents(initialRunView, [{ type: 'metric', series: 'loss', step: 0, value: 1 }]);
  view = applyRunEvents(view, [
    { type: 'metric', series: 'loss', step: 1, value: Number.NaN },
    { type: 'metric', series: 'acc', step: 1, value: 0.6 },
  ]);
  expect(view.metrics.loss?.length).toBe(2);
  expect(Number.isNaN(view.metrics.loss?.[1]?.value)).toBe(true);
  expect(view.metrics.acc).toEqual([{ step: 1, value: 0.6 }]);
});

test('long series are thinned but keep their last point', () => {
  const events = Array.from({ length: 5000 }, (_, i) => ({ type: 'metric' as const, series: 'loss', step: i, value: 1 / (i + 1) }));
  const view = applyRunEvents(initialRunView, events);
  const series = view.metrics.loss ?? [];
  expect(series.length).toBeLessThanOrEqual(4000);
  expect(series[series.length - 1]?.step).toBe(4999);
});

test('the console keeps the newest lines and counts the dropped ones', () => {
  const events = Array.from({ length: MAX_CONSOLE_LINES + 20 }, (_, i) => ({
    type: 'log' as const,
    level: 'log' as const,
    text: `line ${i}`,
  }));
  const view = applyRunEvents(initialRunView, events);
  expect(view.logs).toHaveLength(MAX_CONSOLE_LINES);
  expect(view.droppedLogs).toBe(20);
  expect(view.logs[0]?.text).toBe('line 20');
  // Sequence numbers stay unique across batches (they are React keys).
  const next = applyRunEvents(view, [{ type: 'log', level: 'log', text: 'more' }]);
  const seqs = next.logs.map((l) => l.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
});

test('a scatter with the same title replaces the previous one', () => {
  const view = applyRunEvents(initialRunView, [
    { type: 'scatter', title: 'Predictions', points: [{ x: 0, y: 0, label: 0 }] },
    { type: 'scatter', title: 'Predictions', points: [{ x: 1, y: 1, label: 1 }] },
    { type: 'scatter', title: 'Labels', points: [] },
  ]);
  expect(view.scatters.map((s) => [s.title, s.points.length])).toEqual([
    ['Predictions', 1],
    ['Labels', 0],
  ]);
});

const timeout: GradeResult = {
  version: 1,
  status: 'error',
  verdict: 'TIMEOUT',
  score: 0,
  tests: [],
  graderVersion: 'v1',
  durationMs: 5000,
};

test('summaries speak plainly', () => {
  expect(summarizeResult(timeout)).toBe('Run ended: your code ran out of time.');
  const done = finishRunView(startRunView('running', ''), { ...timeout, verdict: undefined, status: 'pass', tests: [] }, false);
  expect(done.phase).toBe('done');
  expect(done.statusText).toBe('Run finished: 0 of 0 tests passed.');
  expect(finishRunView(startRunView('running', ''), timeout, true).phase).toBe('stopped');
});

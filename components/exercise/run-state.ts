import type { GradeResult } from '@/lib/grading/result-schema';
import type { RunEvent } from '@/lib/grading/browser/run-in-browser';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';
export type LogLine = { seq: number; level: LogLevel; text: string };
export type LiveTest = { id: string; state: 'running' | 'pass' | 'fail'; durationMs?: number };
export type MetricPoint = { step: number; value: number };
export type ScatterData = { title: string; points: Array<{ x: number; y: number; label: number }> };
export type RunPhase = 'idle' | 'saving' | 'running' | 'done' | 'stopped';

export type RunView = {
  phase: RunPhase;
  statusText: string;
  logs: Array<LogLine>;
  /** Lines dropped from the top to keep the console bounded. */
  droppedLogs: number;
  errorCount: number;
  liveTests: Array<LiveTest>;
  metrics: Record<string, Array<MetricPoint>>;
  scatters: Array<ScatterData>;
  result: GradeResult | null;
};

// Bounds keep a chatty training loop from growing the DOM without limit; the runner caps too.
export const MAX_CONSOLE_LINES = 500;
const MAX_LINE_CHARS = 4000;
const MAX_SERIES_POINTS = 4000;
const MAX_SERIES = 12;

export const initialRunView: RunView = {
  phase: 'idle',
  statusText: '',
  logs: [],
  droppedLogs: 0,
  errorCount: 0,
  liveTests: [],
  metrics: {},
  scatters: [],
  result: null,
};

export function startRunView(phase: 'saving' | 'running', statusText: string): RunView {
  return { ...initialRunView, phase, statusText };
}

/** Folds a batch of runner events into the view. Pure: events arrive in batches to bound re-renders. */
export function applyRunEvents(view: RunView, events: ReadonlyArray<RunEvent>): RunView {
  if (events.length === 0) return view;
  let logs = view.logs;
  let droppedLogs = view.droppedLogs;
  let errorCount = view.errorCount;
  let liveTests = view.liveTests;
  let metrics = view.metrics;
  let scatters = view.scatters;
  let statusText = view.statusText;
  let seq = logs.length ? (logs[logs.length - 1]?.seq ?? 0) + 1 : droppedLogs;

  for (const event of events) {
    switch (event.type) {
      case 'log': {
        if (logs === view.logs) logs = [...logs];
        const text = event.text.length > MAX_LINE_CHARS ? `${event.text.slice(0, MAX_LINE_CHARS)}…` : event.text;
        logs.push({ seq: seq++, level: event.level, text });
        if (event.level === 'error') errorCount += 1;
        break;
      }
      case 'status':
        statusText = event.text;
        break;
      case 'test-start':
        liveTests = upsertTest(liveTests, { id: event.id, state: 'running' });
        break;
      case 'test-end':
        liveTests = upsertTest(liveTests, {
          id: event.id,
          state: event.ok ? 'pass' : 'fail',
          durationMs: event.durationMs,
        });
        break;
      case 'metric': {
        if (!Number.isFinite(event.step)) break;
        const existing = metrics[event.series];
        if (!existing && Object.keys(metrics).length >= MAX_SERIES) break;
        if (metrics === view.metrics) metrics = { ...metrics };
        const series = existing && existing === view.metrics[event.series] ? [...existing] : (existing ?? []);
        // NaN/Infinity are kept: a diverging loss is exactly what the learner needs to see.
        series.push({ step: event.step, value: event.value });
        metrics[event.series] = series.length > MAX_SERIES_POINTS ? thin(series) : series;
        break;
      }
      case 'scatter': {
        const entry = { title: event.title, points: event.points };
        const at = scatters.findIndex((s) => s.title === event.title);
        scatters = at === -1 ? [...scatters, entry] : scatters.map((s, i) => (i === at ? entry : s));
        break;
      }
    }
  }

  if (logs.length > MAX_CONSOLE_LINES) {
    droppedLogs += logs.length - MAX_CONSOLE_LINES;
    logs = logs.slice(logs.length - MAX_CONSOLE_LINES);
  }
  return { ...view, logs, droppedLogs, errorCount, liveTests, metrics, scatters, statusText };
}

export function finishRunView(view: RunView, result: GradeResult, stopped: boolean): RunView {
  return {
    ...view,
    phase: stopped ? 'stopped' : 'done',
    result,
    statusText: stopped ? 'Stopped.' : summarizeResult(result),
  };
}

/** The sentence the live region announces when a run ends. */
export function summarizeResult(result: GradeResult): string {
  if (result.verdict) return `Run ended: ${verdictTitle(result.verdict)}.`;
  const passed = result.tests.filter((t) => t.status === 'pass').length;
  return `Run finished: ${passed} of ${result.tests.length} tests passed.`;
}

export function verdictTitle(verdict: NonNullable<GradeResult['verdict']>): string {
  switch (verdict) {
    case 'SYNTAX_ERROR':
      return 'your code has a syntax error';
    case 'TIMEOUT':
      return 'your code ran out of time';
    case 'MEMORY_LIMIT':
      return 'your code used too much memory';
    case 'OUTPUT_LIMIT':
      return 'your code printed too much output';
    case 'GRADER_ERROR':
      return 'the grader itself failed';
  }
}

function upsertTest(tests: Array<LiveTest>, next: LiveTest): Array<LiveTest> {
  const at = tests.findIndex((t) => t.id === next.id);
  if (at === -1) return [...tests, next];
  return tests.map((t, i) => (i === at ? next : t));
}

/** Halves a series by keeping every other point (and always the last) so the curve keeps its shape. */
function thin(series: Array<MetricPoint>): Array<MetricPoint> {
  const kept = series.filter((_, i) => i % 2 === 0);
  const last = series[series.length - 1];
  if (last && kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

import { createOutputCap, TRUNCATED_LINE } from './output-cap';
import {
  LOG_LEVELS,
  MAX_LOG_LINE_CHARS,
  MAX_METRIC_BATCH,
  MAX_SCATTER_POINTS,
  type WorkerMessage,
} from './protocol';

type Post = (message: WorkerMessage) => void;
type MetricPoint = { series: string; step: number; value: number };

/** Routes the learner's console to the page, within the output budget. */
export function captureConsole(post: Post): void {
  const cap = createOutputCap();
  const target = console as unknown as Record<string, unknown>;
  const route = (level: (typeof LOG_LEVELS)[number]) => (...args: unknown[]) => {
    const decision = cap.admit(formatArgs(args));
    if (decision.kind === 'pass') post({ type: 'log', level, text: decision.text });
    else if (decision.kind === 'truncated-now') post({ type: 'log', level: 'warn', text: TRUNCATED_LINE });
  };
  for (const level of LOG_LEVELS) target[level] = route(level);
  target.debug = route('log');
  target.trace = route('log');
}

export function formatArgs(args: ReadonlyArray<unknown>): string {
  return args.map((arg) => formatValue(arg)).join(' ');
}

function formatValue(value: unknown): string {
  try {
    if (typeof value === 'string') return value;
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
    if (value === null || typeof value !== 'object') return String(value);
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (ArrayBuffer.isView(value)) return JSON.stringify(value, jsonReplacer).slice(0, MAX_LOG_LINE_CHARS);
    // tf.Tensor and friends print themselves better than JSON would.
    const own = (value as { toString?: unknown }).toString;
    if (typeof own === 'function' && own !== Object.prototype.toString && !Array.isArray(value)) {
      return String(value);
    }
    const json = JSON.stringify(value, jsonReplacer);
    return json === undefined ? String(value) : json.slice(0, MAX_LOG_LINE_CHARS);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  return value;
}

const METRIC_FLUSH_MS = 100;
const MAX_METRIC_POINTS_PER_RUN = 20_000;
const MAX_SCATTERS_PER_RUN = 50;

/**
 * ctx.metric / ctx.scatter for the worker. Metrics are batched (one message per 100 ms at most) and
 * thinned when a loop floods them, so a chatty training loop cannot swamp the page's main thread.
 */
export function createPlotStream(post: Post, warn: (text: string) => void) {
  let pending: MetricPoint[] = [];
  let lastFlush = performance.now();
  let accepted = 0;
  let scatters = 0;
  const warned = new Set<string>();
  const warnOnce = (key: string, text: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(text);
  };

  const flush = () => {
    if (pending.length > 0) post({ type: 'metrics', points: pending });
    pending = [];
    lastFlush = performance.now();
  };

  const metric = (series: string, step: number, value: number) => {
    const name = String(series).slice(0, 100) || 'metric';
    if (!Number.isFinite(step) || !Number.isFinite(value)) {
      warnOnce(`nan:${name}`, `Metric "${name}" got ${value} at step ${step}; non-finite values are not plotted.`);
      return;
    }
    if (accepted >= MAX_METRIC_POINTS_PER_RUN) {
      warnOnce('metric-cap', `More than ${MAX_METRIC_POINTS_PER_RUN} metric points; later ones are not plotted.`);
      return;
    }
    accepted += 1;
    pending.push({ series: name, step, value });
    // Keeping every other point preserves the curve's shape while bounding the batch.
    if (pending.length >= MAX_METRIC_BATCH) pending = pending.filter((_, i) => i % 2 === 1);
    if (performance.now() - lastFlush >= METRIC_FLUSH_MS) flush();
  };

  const scatter = (title: string, points: ReadonlyArray<{ x: number; y: number; label: number }>) => {
    if (scatters >= MAX_SCATTERS_PER_RUN) {
      warnOnce('scatter-cap', `More than ${MAX_SCATTERS_PER_RUN} scatter plots; later ones are not shown.`);
      return;
    }
    scatters += 1;
    const clean: Array<{ x: number; y: number; label: number }> = [];
    const list = Array.isArray(points) ? points : [];
    const stride = Math.max(1, Math.ceil(list.length / MAX_SCATTER_POINTS));
    for (let i = 0; i < list.length && clean.length < MAX_SCATTER_POINTS; i += stride) {
      const p = list[i];
      const x = Number(p?.x);
      const y = Number(p?.y);
      const label = Math.trunc(Number(p?.label));
      if (Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(label)) clean.push({ x, y, label });
    }
    post({ type: 'scatter', title: String(title).slice(0, 200), points: clean });
  };

  return { metric, scatter, flush };
}

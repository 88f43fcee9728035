import type { MetricPoint } from './run-state';

export type NamedSeries = { name: string; points: ReadonlyArray<MetricPoint> };
export type SeriesGroup = { key: string; series: Array<NamedSeries> };

const SPLIT_PREFIX = /^(val|valid|validation|train|test)[_/.\-]/i;

/** `loss` and `val_loss` share a chart (same scale, and the gap between them is the lesson). */
export function groupSeries(metrics: Readonly<Record<string, ReadonlyArray<MetricPoint>>>): Array<SeriesGroup> {
  const groups = new Map<string, SeriesGroup>();
  for (const [name, points] of Object.entries(metrics)) {
    const key = name.replace(SPLIT_PREFIX, '');
    const group = groups.get(key) ?? { key, series: [] };
    group.series.push({ name, points });
    groups.set(key, group);
  }
  return [...groups.values()];
}

export type Extent = { min: number; max: number };

/** Extent over finite values only; a flat or empty series still gets a drawable range. */
export function finiteExtent(values: Iterable<number>): Extent {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 1 };
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/** About `count` round tick values covering the extent (1, 2, 5 times a power of ten). */
export function niceTicks(extent: Extent, count = 4): Array<number> {
  const span = extent.max - extent.min;
  if (!(span > 0) || !Number.isFinite(span)) return [extent.min];
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: Array<number> = [];
  for (let t = Math.ceil(extent.min / step) * step; t <= extent.max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/**
 * SVG path for a series; a non-finite value breaks the line (a gap shows where training diverged).
 * `x` and `y` map data to pixels.
 */
export function linePath(
  points: ReadonlyArray<MetricPoint>,
  x: (step: number) => number,
  y: (value: number) => number,
): string {
  let path = '';
  let penDown = false;
  for (const p of points) {
    if (!Number.isFinite(p.value)) {
      penDown = false;
      continue;
    }
    path += `${penDown ? 'L' : 'M'}${round(x(p.step))},${round(y(p.value))}`;
    penDown = true;
  }
  return path;
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** The text alternative of a curve: what a sighted learner reads off it. */
export function describeSeries(series: NamedSeries): string {
  const { name, points } = series;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `${name}: no points yet.`;
  const finite = points.filter((p) => Number.isFinite(p.value));
  const extent = finiteExtent(finite.map((p) => p.value));
  const broken = points.find((p) => !Number.isFinite(p.value));
  let text = `${name}: ${points.length} points, steps ${formatNumber(first.step)} to ${formatNumber(last.step)}; `;
  text += `first ${formatNumber(first.value)}, last ${formatNumber(last.value)}`;
  if (finite.length > 0) text += `, lowest ${formatNumber(extent.min)}, highest ${formatNumber(extent.max)}`;
  if (broken) text += `; not a finite number from step ${formatNumber(broken.step)}`;
  return `${text}.`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

import type { Verdict } from './contract';
import { fail, fmt, pass, type MatcherOptions } from './matchers';

// Judge-side matchers for what training produces: a score against a baseline, scores over several
// seeds, and a loss curve. Same rules as matchers.ts: pure, browser-safe, learner-worded messages.
// Scores are fractions in [0, 1] (accuracy); margins and gains are in percentage points.

const failWith = (message: string, hint: string | undefined): Verdict => fail(hint ? `${message} ${hint}` : message);
const pct = (fraction: number): string => `${(100 * fraction).toFixed(1)}%`;
// Rounded first, so a gain of -0.04 reads "+0.0", never "-0.0".
const signed = (points: number): string => {
  const size = Math.abs(points).toFixed(1);
  return `${points < 0 && Number(size) > 0 ? '-' : '+'}${size}`;
};
// Gains are differences of rounded-looking fractions (0.83 - 0.80 = 2.9999999999999982 points).
const EPS_POINTS = 1e-9;

export function medianOver(values: ReadonlyArray<number>): number {
  if (values.length === 0 || values.some(Number.isNaN)) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mean and sample standard deviation (n - 1); sd is 0 for a single value. */
export function meanSd(values: ReadonlyArray<number>): { mean: number; sd: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** "Your label spreading gains +3.1 ± 0.8 points over the baseline (mean ± sd over 5 seeds)". */
export function intervalSummary(
  gains: ReadonlyArray<number>,
  what: string,
  options: { against?: string; unit?: string } = {},
): string {
  const { mean, sd, n } = meanSd(gains);
  const { against, unit = 'points' } = options;
  const loses = signed(mean).startsWith('-');
  const verb = loses ? `loses ${Math.abs(mean).toFixed(1)}` : `gains ${signed(mean)}`;
  const over = against ? ` ${loses ? 'against' : 'over'} ${against}` : '';
  return `Your ${what} ${verb} ± ${sd.toFixed(1)} ${unit}${over} (mean ± sd over ${n} seed${n === 1 ? '' : 's'})`;
}

export type BaselineOptions = Pick<MatcherOptions, 'hint'> & {
  /** Learner-facing name of what must be beaten, e.g. "1-NN on the labeled points only". */
  baselineName?: string;
};

/** One run: `score` must exceed `baseline` by at least `marginPoints` percentage points. */
export function beatsBaseline(
  score: number,
  baseline: number,
  marginPoints: number,
  what: string,
  options: BaselineOptions = {},
): Verdict {
  const { baselineName = 'the baseline', hint } = options;
  if (!Number.isFinite(score)) return failWith(`Your ${what} produced no usable score (got ${fmt(score)}).`, hint);
  const gain = 100 * (score - baseline);
  const line = `Your ${what} reaches ${pct(score)}, ${signed(gain)} points over ${baselineName} (${pct(baseline)})`;
  if (gain >= marginPoints - EPS_POINTS) return pass(`${line}.`);
  return failWith(`${line}; it should beat it by at least ${marginPoints.toFixed(1)} points.`, hint);
}

/**
 * Several seeds, where one run is too noisy to judge: passes when the median per-seed gain reaches
 * the margin, so one unlucky split neither fails a correct method nor rescues a wrong one.
 */
export function beatsBaselineOverSeeds(
  scores: ReadonlyArray<number>,
  baselines: ReadonlyArray<number>,
  marginPoints: number,
  what: string,
  options: BaselineOptions = {},
): Verdict {
  const { baselineName = 'the baseline', hint } = options;
  if (scores.length === 0 || scores.length !== baselines.length) {
    return fail(`Expected one ${what} score per seed (${baselines.length}), got ${scores.length}.`);
  }
  const broken = scores.findIndex((s) => !Number.isFinite(s));
  if (broken >= 0) return failWith(`On seed ${broken + 1} your ${what} produced no usable score (got ${fmt(scores[broken])}).`, hint);
  const gains = scores.map((s, i) => 100 * (s - baselines[i]!));
  const median = medianOver(gains);
  const summary = intervalSummary(gains, what, { against: baselineName });
  if (median >= marginPoints - EPS_POINTS) return pass(`${summary}; median gain ${signed(median)} points.`);
  return failWith(
    `${summary}; the median gain is ${signed(median)} points, but it should be at least ${marginPoints.toFixed(1)}.`,
    hint,
  );
}

/** A training curve as probes report it: one value per step, null where it was NaN or Infinity. */
export type Curve = ReadonlyArray<number | null>;

export type CurveOptions = MatcherOptions & {
  /** Steps averaged at each end (decreasing) or inspected at the end (converged); default n / 10. */
  window?: number;
  /** Step numbers to show in messages when the curve was sampled (default: the index). */
  steps?: ReadonlyArray<number>;
};

function nonFiniteAt(curve: Curve, name: string, options: CurveOptions): Verdict | null {
  if (curve.length === 0) return fail(`${name} has no values: record one per training step.`);
  const i = curve.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (i < 0) return null;
  return failWith(
    `${name} became NaN or Infinity at step ${options.steps?.[i] ?? i}. Try a smaller learning rate, ` +
      'and look for the log of 0 or a division by zero.',
    options.hint,
  );
}

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** Finite throughout and never more than `maxGrowth` times its first value in size. */
export function noDivergence(curve: Curve, options: CurveOptions & { maxGrowth?: number } = {}): Verdict {
  const { name = 'Your training loss', maxGrowth = 10, hint } = options;
  const bad = nonFiniteAt(curve, name, options);
  if (bad) return bad;
  const values = curve as ReadonlyArray<number>;
  const start = values[0]!;
  const limit = maxGrowth * Math.max(Math.abs(start), 1e-12);
  const i = values.findIndex((v) => Math.abs(v) > limit);
  if (i < 0) return pass(`${name} stays finite and bounded.`);
  return failWith(
    `${name} grew to ${fmt(values[i])} at step ${options.steps?.[i] ?? i}, more than ${maxGrowth} times its ` +
      `start (${fmt(start)}): training diverged. Try a smaller learning rate and check the sign of the update.`,
    hint,
  );
}

/**
 * The mean of the last `window` values is at least `minDrop` (relative) below the mean of the
 * first `window`: averaging both ends tolerates minibatch noise. With `monotoneTol`, every single
 * step must also not rise by more than that fraction (for full-batch, deterministic training).
 */
export function decreasing(
  curve: Curve,
  options: CurveOptions & { minDrop?: number; monotoneTol?: number } = {},
): Verdict {
  const { name = 'Your training loss', minDrop = 0.1, monotoneTol, hint } = options;
  const bad = nonFiniteAt(curve, name, options);
  if (bad) return bad;
  const values = curve as ReadonlyArray<number>;
  if (values.length < 2) return fail(`${name} has ${values.length} value(s); at least 2 steps are needed to see it fall.`);
  const w = Math.max(1, Math.min(options.window ?? Math.floor(values.length / 10), Math.floor(values.length / 2)));
  const start = mean(values.slice(0, w));
  const end = mean(values.slice(-w));
  if (end > start - minDrop * Math.abs(start)) {
    const ends = w === 1 ? 'first to last step' : `mean of the first and of the last ${w} steps`;
    return failWith(
      `${name} went from ${fmt(start)} to ${fmt(end)} (${ends}); it should fall by at least ` +
        `${fmt(100 * minDrop)}%. Check the sign of the update and that your variables are the ones trained.`,
      hint,
    );
  }
  if (monotoneTol !== undefined) {
    for (let i = 1; i < values.length; i++) {
      const prev = values[i - 1]!;
      if (values[i]! > prev + monotoneTol * Math.abs(prev)) {
        return failWith(
          `${name} rose from ${fmt(prev)} to ${fmt(values[i])} at step ${options.steps?.[i] ?? i}; ` +
            'every step should lower it. Is the learning rate too large?',
          hint,
        );
      }
    }
  }
  return pass(`${name} fell from ${fmt(start)} to ${fmt(end)}.`);
}

/** Over the last `window` values, max - min stays within tol * |mean| + abs: training has settled. */
export function converged(curve: Curve, options: CurveOptions & { tol?: number; abs?: number } = {}): Verdict {
  const { name = 'Your training loss', tol = 0.01, abs = 1e-6, hint } = options;
  const bad = nonFiniteAt(curve, name, options);
  if (bad) return bad;
  const values = curve as ReadonlyArray<number>;
  const w = Math.max(2, Math.min(options.window ?? Math.floor(values.length / 10), values.length));
  const tail = values.slice(-w);
  const lo = Math.min(...tail);
  const hi = Math.max(...tail);
  const level = mean(tail);
  if (hi - lo <= tol * Math.abs(level) + abs) return pass(`${name} settled at ${fmt(level)}.`);
  return failWith(
    `${name} still moves between ${fmt(lo)} and ${fmt(hi)} over its last ${w} steps; it should settle to ` +
      `within ${fmt(100 * tol)}% of its value. Try a smaller learning rate, or check that each step uses ` +
      'the current parameters.',
    hint,
  );
}

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * How long this process's event loop was blocked, since the previous scrape. A Node.js server
 * answers nothing while its loop is blocked (a long synchronous call: CPU work, or better-sqlite3
 * waiting for another process's write lock), so this is the first number to look at when
 * acknowledgements get slow while the CPU is not saturated.
 */
export type EventLoopDelay = { p50: number; p99: number; max: number; samples: number };

let histogram: IntervalHistogram | undefined;

/** Starts measuring on first use; each call returns the window since the previous one (seconds). */
export function takeEventLoopDelay(): EventLoopDelay {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  }
  const ns = (v: number) => (Number.isFinite(v) ? v / 1e9 : 0);
  const out = {
    p50: ns(histogram.percentile(50)),
    p99: ns(histogram.percentile(99)),
    max: ns(histogram.max),
    samples: histogram.count,
  };
  histogram.reset();
  return out;
}

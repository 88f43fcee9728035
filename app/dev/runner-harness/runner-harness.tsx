'use client';

import { useEffect, useState } from 'react';
import { disposeRunner, prewarmRunner, runInBrowser } from '@/lib/grading/browser/run-in-browser';

declare global {
  interface Window {
    __runInBrowser?: typeof runInBrowser;
    __prewarmRunner?: typeof prewarmRunner;
    __disposeRunner?: typeof disposeRunner;
    /** Longest gap between 20 ms ticks since the last reset: a frozen main thread shows here. */
    __heartbeat?: { maxGapMs: number; maxLongTaskMs: number; ticks: number; reset: () => void };
  }
}

const TICK_MS = 20;

export function RunnerHarness() {
  const [state, setState] = useState('loading');

  useEffect(() => {
    window.__runInBrowser = runInBrowser;
    window.__prewarmRunner = prewarmRunner;
    window.__disposeRunner = disposeRunner;
    let last = performance.now();
    const heartbeat = {
      maxGapMs: 0,
      // Tells a stall caused by our own main-thread work (a long task) from the OS not scheduling
      // the tab on a loaded machine (a gap with no long task).
      maxLongTaskMs: 0,
      ticks: 0,
      reset() {
        heartbeat.maxGapMs = 0;
        heartbeat.maxLongTaskMs = 0;
        heartbeat.ticks = 0;
        last = performance.now();
      },
    };
    const longTasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) heartbeat.maxLongTaskMs = Math.max(heartbeat.maxLongTaskMs, entry.duration);
    });
    try {
      longTasks.observe({ type: 'longtask' });
    } catch {
      // Not every browser has the Long Tasks API; the heartbeat still works.
    }
    window.__heartbeat = heartbeat;
    const timer = window.setInterval(() => {
      const now = performance.now();
      heartbeat.maxGapMs = Math.max(heartbeat.maxGapMs, now - last);
      heartbeat.ticks += 1;
      last = now;
    }, TICK_MS);
    setState('ready');
    return () => {
      window.clearInterval(timer);
      longTasks.disconnect();
      delete window.__runInBrowser;
      delete window.__prewarmRunner;
      delete window.__disposeRunner;
      delete window.__heartbeat;
      disposeRunner();
    };
  }, []);

  return <p data-testid="harness-state">{state}</p>;
}

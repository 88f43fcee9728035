'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExerciseMeta } from '@/lib/exercises/meta-schema';
import type { GradeResult } from '@/lib/grading/result-schema';
import { disposeRunner, prewarmRunner, runInBrowser, type RunEvent } from '@/lib/grading/browser/run-in-browser';
import { applyRunEvents, finishRunView, initialRunView, startRunView, type RunView } from './run-state';

/** A progress indicator appears only for work that lasts longer than this. */
const SLOW_AFTER_MS = 500;
/** Events are folded in batches so a fast training loop does not re-render per event. */
const EVENT_FLUSH_MS = 60;

export type RunApi = {
  view: RunView;
  running: boolean;
  /** True once the current run has lasted longer than half a second. */
  slow: boolean;
  run: () => void;
  stop: () => void;
  /** The browser's score for this exact code, if it was the last code run to completion. */
  scoreFor: (code: string) => number | null;
};

export function useRun(options: {
  meta: ExerciseMeta;
  getCode: () => string;
  /** Runs first and is awaited: the draft is saved before learner code can crash the tab. */
  beforeRun: () => Promise<void>;
}): RunApi {
  const { meta, getCode, beforeRun } = options;
  const [view, setView] = useState<RunView>(initialRunView);
  const [slow, setSlow] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const runId = useRef(0);
  const lastRun = useRef<{ code: string; score: number } | null>(null);

  useEffect(() => {
    // Loading tfjs is most of the first run's latency; start it while the learner reads.
    prewarmRunner();
    return () => {
      controller.current?.abort();
      disposeRunner();
    };
  }, []);

  const run = useCallback(() => {
    if (controller.current) return;
    const id = ++runId.current;
    const abort = new AbortController();
    controller.current = abort;
    const code = getCode();
    const isCurrent = () => runId.current === id;

    let buffer: Array<RunEvent> = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flushEvents = () => {
      flushTimer = null;
      const batch = buffer;
      buffer = [];
      if (batch.length > 0 && isCurrent()) setView((v) => applyRunEvents(v, batch));
    };
    const slowTimer = setTimeout(() => isCurrent() && setSlow(true), SLOW_AFTER_MS);

    setView(startRunView('saving', 'Saving your code…'));

    void (async () => {
      let result: GradeResult;
      try {
        await beforeRun();
        if (isCurrent()) setView((v) => ({ ...v, phase: 'running', statusText: 'Running the tests…' }));
        result = await runInBrowser({
          exerciseSlug: meta.slug,
          code,
          seed: meta.seed,
          timeLimitMs: meta.timeLimitMs,
          signal: abort.signal,
          onEvent: (event) => {
            buffer.push(event);
            flushTimer ??= setTimeout(flushEvents, EVENT_FLUSH_MS);
          },
        });
      } catch (error) {
        // runInBrowser promises not to reject for learner faults; anything else is ours to own.
        result = runnerFailure(error);
      } finally {
        clearTimeout(slowTimer);
        if (flushTimer) clearTimeout(flushTimer);
      }
      flushEvents();
      const stopped = abort.signal.aborted;
      if (!stopped) lastRun.current = { code, score: result.score };
      if (controller.current === abort) controller.current = null;
      if (isCurrent()) {
        setView((v) => finishRunView(v, result, stopped));
        setSlow(false);
      }
    })();
  }, [getCode, beforeRun, meta.slug, meta.seed, meta.timeLimitMs]);

  const stop = useCallback(() => {
    if (!controller.current) return;
    controller.current.abort();
    setView((v) => ({ ...v, statusText: 'Stopping…' }));
  }, []);

  const scoreFor = useCallback((code: string) => (lastRun.current?.code === code ? lastRun.current.score : null), []);

  const running = view.phase === 'saving' || view.phase === 'running';
  return { view, running, slow, run, stop, scoreFor };
}

function runnerFailure(error: unknown): GradeResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    version: 1,
    status: 'error',
    verdict: 'GRADER_ERROR',
    score: 0,
    message: `The code runner failed on this page (${reason}). This is our fault, not yours.`.slice(0, 2000),
    tests: [],
    graderVersion: 'browser',
    durationMs: 0,
  };
}

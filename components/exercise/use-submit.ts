'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { GradeResult } from '@/lib/grading/result-schema';
import { diffResults, type ResultDiff } from './diff-results';
import { fetchSubmissionResult, pollSubmission, postSubmission } from './submit-client';

export type SubmissionSummary = { id: string; status: string; score: number | null; createdAt: string };

export type Comparison =
  | { kind: 'first' }
  | { kind: 'diff'; diff: ResultDiff }
  /** This grade has an error verdict: it did not count, so there is nothing to compare. */
  | { kind: 'not-counted' }
  | { kind: 'unknown' };

export type SubmitState = {
  phase: 'idle' | 'submitting' | 'grading' | 'done' | 'error';
  message: string | null;
  /** PENDING / GRADING while polling. */
  gradingStatus: string | null;
  /** Epoch ms before which the server asked us not to submit again (429 Retry-After). */
  retryAt: number | null;
  graded: { id: string; score: number | null; result: GradeResult; comparison: Comparison } | null;
  history: Array<SubmissionSummary>;
};

export type SubmitApi = {
  state: SubmitState;
  busy: boolean;
  submit: (code: string, clientScore: number | null) => void;
};

export function useSubmit(options: { exerciseId: string; initialSubmissions: Array<SubmissionSummary> }): SubmitApi {
  const { exerciseId, initialSubmissions } = options;
  const [state, setState] = useState<SubmitState>({
    phase: 'idle',
    message: null,
    gradingStatus: null,
    retryAt: null,
    graded: null,
    history: initialSubmissions,
  });
  /** A submission whose POST got no answer: resubmitting the same code reuses its key. */
  const unacknowledged = useRef<{ code: string; key: string } | null>(null);
  /** The last grade that counted as an attempt; undefined until looked up. */
  const previousCounted = useRef<GradeResult | null | undefined>(undefined);
  const inFlight = useRef(false);
  const abort = useRef(new AbortController());

  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (state.retryAt === null) return;
    const wait = Math.max(0, state.retryAt - Date.now());
    const timer = setTimeout(() => setState((s) => ({ ...s, retryAt: null })), wait);
    return () => clearTimeout(timer);
  }, [state.retryAt]);

  const lookUpPrevious = useCallback(
    async (excludeId: string): Promise<Comparison | GradeResult> => {
      if (previousCounted.current !== undefined) return previousCounted.current ?? { kind: 'first' };
      const done = initialSubmissions.filter((s) => s.status === 'DONE' && s.id !== excludeId).slice(0, 3);
      let unreadable = false;
      for (const candidate of done) {
        const result = await fetchSubmissionResult(candidate.id, { signal: abort.current.signal });
        if (!result) unreadable = true;
        else if (!result.verdict) return result;
      }
      return unreadable ? { kind: 'unknown' } : { kind: 'first' };
    },
    [initialSubmissions],
  );

  const submit = useCallback(
    (code: string, clientScore: number | null) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const signal = abort.current.signal;
      const reuse = unacknowledged.current?.code === code ? unacknowledged.current : null;
      const key = reuse?.key ?? crypto.randomUUID();
      unacknowledged.current = { code, key };
      setState((s) => ({ ...s, phase: 'submitting', message: null, gradingStatus: null, graded: null }));

      void (async () => {
        try {
          const posted = await postSubmission({ exerciseId, code, clientScore, idempotencyKey: key }, { signal });
          if (signal.aborted) return;
          if (posted.kind === 'unreachable') {
            setState((s) => ({
              ...s,
              phase: 'error',
              message: `${posted.message} Your submission may not have arrived. Pressing Submit again is safe: it will not be counted twice.`,
            }));
            return;
          }
          unacknowledged.current = null;
          if (posted.kind === 'rejected') {
            const retryAt = posted.retryAfterSec !== undefined ? Date.now() + posted.retryAfterSec * 1000 : null;
            const wait = posted.retryAfterSec !== undefined ? ` Try again in ${posted.retryAfterSec} s.` : '';
            setState((s) => ({ ...s, phase: 'error', message: `${posted.message}${wait}`, retryAt }));
            return;
          }

          const createdAt = new Date().toISOString();
          setState((s) => ({
            ...s,
            phase: 'grading',
            gradingStatus: 'PENDING',
            history: [
              { id: posted.id, status: 'PENDING', score: null, createdAt },
              ...s.history.filter((h) => h.id !== posted.id),
            ],
          }));
          const polled = await pollSubmission(posted.id, {
            signal,
            onStatus: (status) => setState((s) => (s.gradingStatus === status ? s : { ...s, gradingStatus: status })),
          });
          if (polled.kind === 'aborted') return;
          if (polled.kind !== 'done') {
            const message =
              polled.kind === 'failed'
                ? polled.message
                : 'Grading is taking longer than usual. Your submission is safe; reload the page later to see its grade.';
            setState((s) => ({ ...s, phase: 'error', message }));
            return;
          }

          let comparison: Comparison;
          if (polled.result.verdict) {
            comparison = { kind: 'not-counted' };
          } else {
            const previous = await lookUpPrevious(polled.id);
            comparison = 'version' in previous ? { kind: 'diff', diff: diffResults(previous, polled.result) } : previous;
            previousCounted.current = polled.result;
          }
          const score = polled.score ?? polled.result.score;
          setState((s) => ({
            ...s,
            phase: 'done',
            gradingStatus: null,
            graded: { id: polled.id, score, result: polled.result, comparison },
            history: s.history.map((h) => (h.id === polled.id ? { ...h, status: 'DONE', score } : h)),
          }));
        } finally {
          inFlight.current = false;
        }
      })();
    },
    [exerciseId, lookUpPrevious],
  );

  const busy = state.phase === 'submitting' || state.phase === 'grading';
  return { state, busy, submit };
}

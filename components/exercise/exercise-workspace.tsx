'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ExerciseMeta } from '@/lib/exercises/meta-schema';
import type { GradeResult } from '@/lib/grading/result-schema';
import { CodeEditor } from './code-editor';
import { HintsPanel } from './hints-panel';
import { OutputPanel, type OutputTab } from './output-panel';
import { ResetDialog } from './reset-dialog';
import { formatPercent } from './server-grade';
import { TaskList, type TaskStatus } from './task-list';
import { Toolbar } from './toolbar';
import { useDraft } from './use-draft';
import { useRun } from './use-run';
import { useSubmit, type SubmitState } from './use-submit';
import styles from './exercise-workspace.module.css';
import ui from './ui.module.css';

export type ExerciseWorkspaceProps = {
  meta: ExerciseMeta;
  /** starter.ts source */
  starter: string;
  /** The signed-in learner's saved draft, or null. */
  draft: { code: string; updatedAt: string } | null;
  /** Parsed hints.md (see lib/exercises/parse-hints.ts). */
  hints: Array<{ task: number; title: string; items: Array<string> }>;
  signedIn: boolean;
  /** The learner's recent submissions, newest first. */
  submissions: Array<{ id: string; status: string; score: number | null; createdAt: string }>;
};

declare global {
  interface Window {
    /** For browser tests: replaces the code as if typed (autosave included). */
    __editorSetValue?: (code: string) => void;
    __editorGetValue?: () => string;
  }
}

export function ExerciseWorkspace({ meta, starter, draft, hints, signedIn, submissions }: ExerciseWorkspaceProps) {
  const drafts = useDraft({ exerciseUuid: meta.uuid, signedIn, starter, serverDraft: draft });
  const runner = useRun({ meta, getCode: drafts.getCode, beforeRun: drafts.flush });
  const submitter = useSubmit({ exerciseId: meta.uuid, initialSubmissions: submissions });
  const [tab, setTab] = useState<OutputTab>('tests');
  const [resetOpen, setResetOpen] = useState(false);
  /** The learner picked a tab during this run: automatic switching stops second-guessing them. */
  const userPickedTab = useRef(false);
  /** We moved the learner to Plots for a live curve, so we owe them a move back to Tests. */
  const movedToPlots = useRef(false);

  const { run, stop, running, view } = runner;
  const { setCode, getCode, flush } = drafts;

  const startRun = useCallback(() => {
    if (running) return;
    userPickedTab.current = false;
    movedToPlots.current = false;
    setTab((t) => (t === 'submission' ? 'tests' : t));
    run();
  }, [run, running]);

  const onTabChange = useCallback((next: OutputTab, byUser: boolean) => {
    if (byUser) userPickedTab.current = true;
    setTab(next);
  }, []);

  const hasPlots = Object.keys(view.metrics).length + view.scatters.length > 0;
  useEffect(() => {
    if (!running || !hasPlots || userPickedTab.current) return;
    setTab((t) => {
      if (t !== 'tests') return t;
      movedToPlots.current = true;
      return 'plots';
    });
  }, [running, hasPlots]);

  useEffect(() => {
    if ((view.phase === 'done' || view.phase === 'stopped') && movedToPlots.current && !userPickedTab.current) {
      setTab('tests');
    }
    if (view.phase !== 'running') movedToPlots.current = false;
  }, [view.phase]);

  const { submit } = submitter;
  const onSubmit = useCallback(() => {
    const code = getCode();
    userPickedTab.current = false;
    setTab('submission');
    submit(code, runner.scoreFor(code));
    void flush();
  }, [getCode, submit, runner, flush]);

  const onConfirmReset = useCallback(() => {
    setCode(starter);
    setResetOpen(false);
  }, [setCode, starter]);

  // Browser tests drive the editor through these rather than by typing into Monaco. They are always
  // present: they only touch the learner's own code, exactly as typing would.
  useEffect(() => {
    window.__editorSetValue = setCode;
    window.__editorGetValue = getCode;
    return () => {
      delete window.__editorSetValue;
      delete window.__editorGetValue;
    };
  }, [setCode, getCode]);

  // Ctrl/Cmd+Enter anywhere in the workspace; inside Monaco its own command handles it first.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.defaultPrevented || resetOpen) return;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      startRun();
    }
  }

  const taskStatus = useMemo(() => tasksFromResult(view.result), [view.result]);
  const submitState = submitter.state;

  return (
    <div className={styles.root} onKeyDown={onKeyDown}>
      <Toolbar
        running={running}
        slow={runner.slow}
        runStatus={view.statusText}
        submitStatus={submitStatusText(submitState)}
        signedIn={signedIn}
        submitting={submitter.busy}
        submitDisabled={submitter.busy || submitState.retryAt !== null}
        saveStatus={drafts.status}
        saveDetail={drafts.detail}
        onRun={startRun}
        onStop={stop}
        onSubmit={onSubmit}
        onReset={() => setResetOpen(true)}
      />
      <div className={styles.grid}>
        <div className={styles.column}>
          <TaskList meta={meta} status={taskStatus} />
          <HintsPanel exerciseUuid={meta.uuid} hints={hints} />
        </div>
        <section className={styles.editorColumn} aria-label="Code editor">
          <h2 className={ui.visuallyHidden}>Your code</h2>
          <CodeEditor value={drafts.code} onChange={setCode} onRun={startRun} />
        </section>
        <section className={styles.column} aria-label="Output">
          <OutputPanel run={view} submit={submitState} signedIn={signedIn} tab={tab} onTabChange={onTabChange} />
        </section>
      </div>
      <ResetDialog open={resetOpen} onConfirm={onConfirmReset} onCancel={() => setResetOpen(false)} />
    </div>
  );
}

/** A task passes when every one of its tests passed in the last run. */
function tasksFromResult(result: GradeResult | null): Map<number, TaskStatus> {
  const status = new Map<number, TaskStatus>();
  if (!result) return status;
  for (const test of result.tests) {
    const ok = test.status === 'pass';
    const previous = status.get(test.task);
    status.set(test.task, previous === 'fail' || !ok ? 'fail' : 'pass');
  }
  return status;
}

function submitStatusText(state: SubmitState): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'submitting':
      return 'Submitting…';
    case 'grading':
      return 'Submitted. The server is grading it…';
    case 'done':
      return state.graded ? `Server grade: ${formatPercent(state.graded.result.score)}.` : '';
    case 'error':
      return state.message ?? 'Submitting failed.';
  }
}

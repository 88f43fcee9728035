'use client';

import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { ConsoleView } from './console-view';
import { PlotsView } from './plots-view';
import type { RunView } from './run-state';
import { ServerGrade } from './server-grade';
import { TestResults } from './test-results';
import type { SubmitState } from './use-submit';
import styles from './output-panel.module.css';
import ui from './ui.module.css';

export type OutputTab = 'tests' | 'console' | 'plots' | 'submission';
const ORDER: ReadonlyArray<OutputTab> = ['tests', 'console', 'plots', 'submission'];

export type OutputPanelProps = {
  run: RunView;
  submit: SubmitState;
  signedIn: boolean;
  tab: OutputTab;
  /** `byUser` distinguishes a learner's choice (kept) from the workspace's automatic switching. */
  onTabChange: (tab: OutputTab, byUser: boolean) => void;
};

export function OutputPanel({ run, submit, signedIn, tab, onTabChange }: OutputPanelProps) {
  const baseId = useId();
  const tabRefs = useRef(new Map<OutputTab, HTMLButtonElement>());
  const tabId = (t: OutputTab) => `${baseId}-tab-${t}`;
  const panelId = (t: OutputTab) => `${baseId}-panel-${t}`;

  const { badge, label } = describeTabs(run, submit);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = ORDER.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? ORDER[(at + 1) % ORDER.length]
        : event.key === 'ArrowLeft'
          ? ORDER[(at - 1 + ORDER.length) % ORDER.length]
          : event.key === 'Home'
            ? ORDER[0]
            : event.key === 'End'
              ? ORDER[ORDER.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onTabChange(next, true);
    tabRefs.current.get(next)?.focus();
  }

  const panels: Record<OutputTab, ReactNode> = {
    tests: <TestResults view={run} />,
    console: <ConsoleView view={run} />,
    plots: <PlotsView view={run} />,
    submission: <ServerGrade state={submit} signedIn={signedIn} />,
  };

  return (
    <div className={styles.panel}>
      <h2 className={ui.visuallyHidden}>Output</h2>
      <div className={styles.tablist} role="tablist" aria-label="Output" onKeyDown={onKeyDown}>
        {ORDER.map((t) => (
          <button
            key={t}
            ref={(el) => {
              if (el) tabRefs.current.set(t, el);
              else tabRefs.current.delete(t);
            }}
            type="button"
            role="tab"
            id={tabId(t)}
            aria-selected={tab === t}
            aria-controls={panelId(t)}
            tabIndex={tab === t ? 0 : -1}
            className={styles.tab}
            onClick={() => onTabChange(t, true)}
            data-testid={`tab-${t}`}
          >
            {label[t]}
            {badge[t] ? <> {badge[t]}</> : null}
          </button>
        ))}
      </div>
      {ORDER.map((t) => (
        <div
          key={t}
          role="tabpanel"
          id={panelId(t)}
          aria-labelledby={tabId(t)}
          hidden={tab !== t}
          tabIndex={0}
          className={styles.tabpanel}
        >
          {panels[t]}
        </div>
      ))}
    </div>
  );
}

function describeTabs(run: RunView, submit: SubmitState) {
  const result = run.result;
  const passed = result ? result.tests.filter((t) => t.status === 'pass').length : 0;
  const testsBadge = result ? (
    <span
      className={`${styles.badge} ${result.verdict || passed < result.tests.length ? styles.badgeFail : styles.badgePass}`}
    >
      {result.verdict ? '!' : `${passed}/${result.tests.length}`}
    </span>
  ) : null;
  const consoleBadge =
    run.logs.length > 0 ? (
      <span className={`${styles.badge} ${run.errorCount > 0 ? styles.badgeFail : ''}`}>
        {run.errorCount > 0 ? (
          <>
            {run.errorCount}
            <span className={ui.visuallyHidden}> error{run.errorCount === 1 ? '' : 's'}</span>
          </>
        ) : (
          run.logs.length
        )}
      </span>
    ) : null;
  const plotCount = Object.keys(run.metrics).length + run.scatters.length;
  const plotsBadge = plotCount > 0 ? <span className={styles.badge}>{plotCount}</span> : null;
  const graded = submit.graded;
  const submissionBadge = graded ? (
    <span className={`${styles.badge} ${graded.result.status === 'pass' ? styles.badgePass : styles.badgeFail}`}>
      {Math.round(graded.result.score * 100)}%
    </span>
  ) : submit.phase === 'submitting' || submit.phase === 'grading' ? (
    <span className={ui.spinner} aria-hidden="true" />
  ) : null;
  return {
    label: { tests: 'Tests', console: 'Console', plots: 'Plots', submission: 'Submission' } as const,
    badge: { tests: testsBadge, console: consoleBadge, plots: plotsBadge, submission: submissionBadge },
  };
}

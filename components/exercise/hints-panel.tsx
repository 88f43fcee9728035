'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { safeLocalStorage } from './draft-store';
import { CodeText } from './hint-text';
import styles from './side-panel.module.css';
import ui from './ui.module.css';

export type HintsPanelProps = {
  exerciseUuid: string;
  hints: ReadonlyArray<{ task: number; title: string; items: ReadonlyArray<string> }>;
};

/** How many hints of each task the learner has opened, kept per exercise in this browser. */
type Shown = Record<string, number>;

export function HintsPanel({ exerciseUuid, hints }: HintsPanelProps) {
  const headingId = useId();
  const storageKey = `hints:${exerciseUuid}`;
  const [shown, setShown] = useState<Shown>({});
  const itemRefs = useRef(new Map<string, HTMLLIElement>());
  const focusNext = useRef<string | null>(null);

  // Read after hydration: the server cannot see localStorage.
  useEffect(() => {
    setShown(readShown(storageKey));
  }, [storageKey]);

  // A newly opened hint takes focus, so keyboard and screen-reader users land on what they asked for.
  useEffect(() => {
    if (!focusNext.current) return;
    itemRefs.current.get(focusNext.current)?.focus();
    focusNext.current = null;
  }, [shown]);

  if (hints.length === 0) return null;

  function reveal(task: number, total: number) {
    const current = Math.min(shown[task] ?? 0, total);
    if (current >= total) return;
    const next = { ...shown, [task]: current + 1 };
    try {
      safeLocalStorage()?.setItem(storageKey, JSON.stringify(next));
    } catch {
      // Storage full or blocked: the hint still opens, it just is not remembered.
    }
    focusNext.current = `${task}:${current}`;
    setShown(next);
  }

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Hints
      </h2>
      <p className={styles.intro}>Hints open one at a time, in order. Try the task first.</p>
      {hints.map((section) => {
        const total = section.items.length;
        const count = Math.min(shown[section.task] ?? 0, total);
        return (
          <div key={section.task} className={styles.hintGroup} data-testid={`hints-task-${section.task}`}>
            <h3 className={styles.subheading}>
              Task {section.task}: {section.title}
            </h3>
            {count > 0 ? (
              <ol className={styles.hintList}>
                {section.items.slice(0, count).map((item, index) => (
                  <li
                    key={index}
                    tabIndex={-1}
                    className={styles.hint}
                    ref={(el) => {
                      const key = `${section.task}:${index}`;
                      if (el) itemRefs.current.set(key, el);
                      else itemRefs.current.delete(key);
                    }}
                  >
                    <span className={styles.hintLabel}>
                      Hint {index + 1} of {total}, task {section.task}
                    </span>
                    <div className={styles.hintBody}>
                      <CodeText text={item} />
                    </div>
                  </li>
                ))}
              </ol>
            ) : null}
            {count < total ? (
              <button
                type="button"
                className={`${ui.button} ${ui.small}`}
                onClick={() => reveal(section.task, total)}
              >
                Show hint {count + 1} of {total} for task {section.task}
              </button>
            ) : (
              <p className={styles.allShown}>
                All {total} hints for task {section.task} are shown.
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}

function readShown(key: string): Shown {
  try {
    const raw = safeLocalStorage()?.getItem(key);
    if (!raw) return {};
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return {};
    const shown: Shown = {};
    for (const [task, count] of Object.entries(value)) {
      if (typeof count === 'number' && Number.isInteger(count) && count > 0) shown[task] = count;
    }
    return shown;
  } catch {
    return {};
  }
}

'use client';

import { useEffect, useId, useState, type FormEvent } from 'react';
import { isoToLocalInput, localInputToIso } from './api-client';
import styles from './cohorts.module.css';
import { StatusLine } from './status-line';
import { useAction } from './use-action';

export type ModuleOption = { slug: string; title: string; exercises: Array<{ uuid: string; title: string }> };

/** Prefilled after mount: the server cannot know the reader's time zone, the browser can. */
function useLocalValue(iso: string | null): [string, (v: string) => void] {
  const [value, setValue] = useState('');
  useEffect(() => {
    if (iso) setValue(isoToLocalInput(iso));
  }, [iso]);
  return [value, setValue];
}

export function AddAssignmentForm({ cohortId, modules }: { cohortId: string; modules: ModuleOption[] }) {
  const { pending, message, setMessage, run } = useAction();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [kind, value] = String(form.get('what') ?? '').split(':');
    const dueAt = localInputToIso(String(form.get('dueAt') ?? ''));
    if (!dueAt) return setMessage({ kind: 'error', text: 'Pick a due date and time.' });
    const body = kind === 'module' ? { moduleSlug: value, dueAt } : { exerciseUuid: value, dueAt };
    await run('POST', `/api/cohorts/${cohortId}/assignments`, body, (data) => {
      const count = (data as { assignments: unknown[] }).assignments.length;
      return count === 1 ? 'Assigned.' : `Assigned ${count} exercises.`;
    });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className={styles.inlineForm} aria-label="Add an assignment">
      <label>
        Exercise
        <select name="what" required defaultValue="">
          <option value="" disabled>Choose an exercise or a module</option>
          {modules.map((m) => (
            <optgroup key={m.slug} label={m.title}>
              <option value={`module:${m.slug}`}>All {m.exercises.length} exercises of {m.title}</option>
              {m.exercises.map((e) => (
                <option key={e.uuid} value={`exercise:${e.uuid}`}>{e.title}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>Due (your local time)<input type="datetime-local" name="dueAt" required /></label>
      <button type="submit" className="button" disabled={pending}>{pending ? 'Adding…' : 'Add assignment'}</button>
      <StatusLine message={message} />
    </form>
  );
}

export function AssignmentRowActions({ cohortId, assignmentId, dueAt, title }: { cohortId: string; assignmentId: string; dueAt: string; title: string }) {
  const { pending, message, setMessage, run } = useAction();
  const [value, setValue] = useLocalValue(dueAt);
  const id = useId();
  const url = `/api/cohorts/${cohortId}/assignments/${assignmentId}`;
  return (
    <div className={styles.inlineForm}>
      <label htmlFor={id} className="visually-hidden">New due date for {title}</label>
      <input id={id} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      <button
        type="button"
        className={styles.secondary}
        disabled={pending}
        onClick={() => {
          const iso = localInputToIso(value);
          if (!iso) return setMessage({ kind: 'error', text: 'Pick a date and time.' });
          void run('PATCH', url, { dueAt: iso }, () => 'Due date moved.');
        }}
      >
        Move due date
      </button>
      <button
        type="button"
        className={styles.danger}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove "${title}" from this cohort? Submissions stay; the gradebook column goes.`)) void run('DELETE', url);
        }}
      >
        Remove
      </button>
      <StatusLine message={message} />
    </div>
  );
}

export function ExtensionForm(props: { cohortId: string; assignmentId: string; userId: string; title: string; extendedDueAt: string | null; dueAt: string }) {
  const { pending, message, setMessage, run } = useAction();
  const [value, setValue] = useLocalValue(props.extendedDueAt ?? props.dueAt);
  const id = useId();
  const url = `/api/cohorts/${props.cohortId}/assignments/${props.assignmentId}/extensions/${props.userId}`;
  return (
    <div className={styles.inlineForm}>
      <label htmlFor={id} className="visually-hidden">Extended due date for {props.title}</label>
      <input id={id} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      <button
        type="button"
        className={styles.secondary}
        disabled={pending}
        onClick={() => {
          const iso = localInputToIso(value);
          if (!iso) return setMessage({ kind: 'error', text: 'Pick a date and time.' });
          void run('PUT', url, { dueAt: iso }, () => 'Extension saved.');
        }}
      >
        {props.extendedDueAt ? 'Change extension' : 'Grant extension'}
      </button>
      {props.extendedDueAt ? (
        <button type="button" className={styles.danger} disabled={pending} onClick={() => void run('DELETE', url, undefined, () => 'Extension removed.')}>
          Remove extension
        </button>
      ) : null}
      <StatusLine message={message} />
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { LATE_POLICIES, type LatePolicy } from '@/lib/cohorts/late-policy';
import styles from './cohorts.module.css';
import { StatusLine } from './status-line';
import { useAction } from './use-action';

export function CreateCohortForm() {
  const router = useRouter();
  const { pending, message, run } = useAction();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run('POST', '/api/cohorts', { name: String(form.get('name') ?? ''), latePolicy: String(form.get('latePolicy') ?? 'accept') }, (data) => {
      router.push(`/cohorts/${(data as { id: string }).id}`);
    });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className={`form ${styles.fit}`} aria-label="Create a cohort">
      <label>Cohort name<input name="name" required maxLength={100} placeholder="Autumn 2026, Thursday group" /></label>
      <LatePolicySelect name="latePolicy" defaultValue="accept" />
      <button type="submit" className="button" disabled={pending}>{pending ? 'Creating…' : 'Create cohort'}</button>
      <StatusLine message={message} />
    </form>
  );
}

function LatePolicySelect({ name, defaultValue }: { name: string; defaultValue: LatePolicy }) {
  return (
    <label>
      Late work
      <select name={name} defaultValue={defaultValue}>
        {LATE_POLICIES.map((p) => (
          <option key={p.value} value={p.value}>{p.label}: {p.description}</option>
        ))}
      </select>
    </label>
  );
}

export function JoinCohortForm() {
  const router = useRouter();
  const { pending, message, run } = useAction();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    await run('POST', '/api/cohorts/join', { code }, (data) => {
      router.refresh();
      return `You are in ${(data as { name: string }).name}.`;
    });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className={styles.inlineForm} aria-label="Join a cohort">
      <label>Join code<input name="code" required minLength={4} maxLength={32} autoComplete="off" spellCheck={false} /></label>
      <button type="submit" className="button" disabled={pending}>{pending ? 'Joining…' : 'Join cohort'}</button>
      <StatusLine message={message} />
    </form>
  );
}

export function JoinButton({ code, name }: { code: string; name: string }) {
  const router = useRouter();
  const { pending, message, run } = useAction();
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() => void run('POST', '/api/cohorts/join', { code }, () => router.push('/dashboard'))}
      >
        {pending ? 'Joining…' : `Join ${name}`}
      </button>
      <StatusLine message={message} />
    </>
  );
}

export function CohortSettingsForm({ cohortId, name, latePolicy }: { cohortId: string; name: string; latePolicy: LatePolicy }) {
  const { pending, message, run } = useAction();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run('PATCH', `/api/cohorts/${cohortId}`, { name: String(form.get('name') ?? ''), latePolicy: String(form.get('latePolicy')) }, () => 'Saved.');
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className={`form ${styles.fit}`} aria-label="Cohort settings">
      <label>Name<input name="name" defaultValue={name} required maxLength={100} /></label>
      <LatePolicySelect name="latePolicy" defaultValue={latePolicy} />
      <div className={styles.actions}>
        <button type="submit" className="button" disabled={pending}>Save settings</button>
        <button
          type="button"
          className={styles.secondary}
          disabled={pending}
          onClick={() => {
            if (window.confirm('Make a new join code? The old code and link stop working.')) {
              void run('PATCH', `/api/cohorts/${cohortId}`, { rotateJoinCode: true }, () => 'New join code made.');
            }
          }}
        >
          New join code
        </button>
      </div>
      <StatusLine message={message} />
    </form>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={styles.secondary}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}

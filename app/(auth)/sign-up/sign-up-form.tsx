'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    setPending(true);
    setError(null);
    const response = await fetch('/api/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!response) {
      setPending(false);
      setError('Could not reach the server. Check your connection.');
      return;
    }
    if (!response.ok) {
      const data = (await response.json().catch(() => ({}))) as { error?: string };
      setPending(false);
      setError(data.error ?? 'Could not create the account.');
      return;
    }
    await signIn('credentials', { email: body.email, password: body.password, redirect: false });
    window.location.assign(callbackUrl);
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="form">
      <label>Name<input name="name" autoComplete="name" required maxLength={100} /></label>
      <label>Email<input name="email" type="email" autoComplete="email" required /></label>
      <label>Password <span className="muted">(at least 8 characters)</span>
        <input name="password" type="password" autoComplete="new-password" minLength={8} required />
      </label>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <button type="submit" className="button" disabled={pending}>{pending ? 'Creating…' : 'Create account'}</button>
    </form>
  );
}

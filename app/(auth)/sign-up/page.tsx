import type { Metadata } from 'next';
import Link from 'next/link';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safe = safeCallbackUrl(callbackUrl);
  return (
    <section className="auth card">
      <h1>Create an account</h1>
      <SignUpForm callbackUrl={safe} />
      <p className="muted">Already have one? <Link href={`/sign-in?callbackUrl=${encodeURIComponent(safe)}`}>Sign in</Link>.</p>
    </section>
  );
}

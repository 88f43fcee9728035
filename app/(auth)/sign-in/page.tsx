import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect would let a link send learners anywhere after sign-in.
  const safe = callbackUrl && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/dashboard';
  return (
    <section className="auth card">
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safe} />
      <p className="muted">New here? <Link href="/sign-up">Create an account</Link>.</p>
    </section>
  );
}

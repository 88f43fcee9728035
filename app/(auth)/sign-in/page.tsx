import type { Metadata } from 'next';
import Link from 'next/link';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safe = safeCallbackUrl(callbackUrl);
  return (
    <section className="auth card">
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safe} />
      <p className="muted">
        New here? <Link href={`/sign-up?callbackUrl=${encodeURIComponent(safe)}`}>Create an account</Link>.
      </p>
    </section>
  );
}

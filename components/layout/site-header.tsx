import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/session';
import { SignOutButton } from './sign-out-button';

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <nav aria-label="Main" className="site-nav">
        <Link href="/" className="brand">Hybrid ML</Link>
        <Link href="/">Course</Link>
        {user ? <Link href="/dashboard">Dashboard</Link> : null}
        {user ? <Link href="/cohorts">Cohorts</Link> : null}
        <span className="spacer" />
        {user ? (
          <>
            <span className="who" data-testid="signed-in-as">{user.name} · {user.role}</span>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up" className="button">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}

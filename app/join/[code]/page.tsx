import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { JoinButton } from '@/components/cohorts/cohort-forms';
import { getCurrentUser } from '@/lib/auth/session';
import { previewJoinCode } from '@/lib/cohorts/manage';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Join a cohort' };
export const dynamic = 'force-dynamic';

/** Joining is a button (a POST), never a side effect of opening the link. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/join/${code}`)}`);
  const preview = code.length <= 32 ? await previewJoinCode(await getDb(), code) : null;
  return (
    <section className="auth card">
      {preview ? (
        <>
          <h1>Join {preview.name}</h1>
          <p>
            You join as a student, signed in as {user.name}. Your instructors will see your progress and
            submissions for the exercises they assign.
          </p>
          <JoinButton code={code} name={preview.name} />
        </>
      ) : (
        <>
          <h1>No cohort found</h1>
          <p>No cohort has this join code. Check the link with your instructor, or <Link href="/cohorts">enter a code</Link>.</p>
        </>
      )}
    </section>
  );
}

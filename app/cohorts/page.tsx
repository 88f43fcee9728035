import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CreateCohortForm, JoinCohortForm } from '@/components/cohorts/cohort-forms';
import styles from '@/components/cohorts/cohorts.module.css';
import { getCurrentUser } from '@/lib/auth/session';
import { listMyCohorts } from '@/lib/cohorts/manage';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Cohorts' };
export const dynamic = 'force-dynamic';

export default async function CohortsPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in?callbackUrl=/cohorts');
  const mine = await listMyCohorts(await getDb(), user.id);
  const canCreate = user.role === 'instructor' || user.role === 'admin';
  return (
    <>
      <h1>Cohorts</h1>
      {canCreate ? (
        <section aria-labelledby="teaching">
          <h2 id="teaching">Cohorts you teach</h2>
          {mine.teaching.length ? (
            <ul data-testid="teaching-list">
              {mine.teaching.map((c) => (
                <li key={c.id}>
                  <Link href={`/cohorts/${c.id}`}>{c.name}</Link> {c.isOwner ? null : <span className="muted">(co-instructor)</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None yet. Create one below and share its join code with your students.</p>
          )}
        </section>
      ) : null}
      {mine.all.length ? (
        <section aria-labelledby="all">
          <h2 id="all">Every cohort (admin)</h2>
          <ul>{mine.all.map((c) => <li key={c.id}><Link href={`/cohorts/${c.id}`}>{c.name}</Link></li>)}</ul>
        </section>
      ) : null}
      <section aria-labelledby="studying">
        <h2 id="studying">Cohorts you study in</h2>
        {mine.studying.length ? (
          <ul data-testid="studying-list">{mine.studying.map((c) => <li key={c.id}>{c.name}</li>)}</ul>
        ) : (
          <p className="muted">None yet.</p>
        )}
      </section>
      <div className={`${styles.grid} ${styles.section}`}>
        {canCreate ? (
          <section className="card" aria-labelledby="create">
            <h2 id="create">Create a cohort</h2>
            <CreateCohortForm />
          </section>
        ) : null}
        <section className="card" aria-labelledby="join">
          <h2 id="join">Join a cohort</h2>
          <p className="muted">Your instructor gives you a join code or link.</p>
          <JoinCohortForm />
        </section>
      </div>
    </>
  );
}

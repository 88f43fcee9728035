import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { JoinCohortForm } from '@/components/cohorts/cohort-forms';
import { formatPercent, formatUtc } from '@/components/cohorts/format';
import styles from '@/components/dashboard/dashboard.module.css';
import { ProgressTable } from '@/components/dashboard/progress-table';
import { getCurrentUser } from '@/lib/auth/session';
import { buildExerciseIndex } from '@/lib/cohorts/exercise-index';
import { loadStudentOverview } from '@/lib/cohorts/student-overview';
import { loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Your progress' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in?callbackUrl=/dashboard');
  const modules = loadCourse();
  const now = new Date();
  const overview = await loadStudentOverview(await getDb(), user.id, modules, now);
  const index = buildExerciseIndex(modules);
  const teaches = user.role === 'instructor' || user.role === 'admin';
  return (
    <>
      <h1>Your progress</h1>
      <p className="muted">
        Signed in as {user.name}.{teaches ? <> Your cohorts&apos; dashboards are under <Link href="/cohorts">Cohorts</Link>.</> : null}
      </p>
      <div className={styles.grid}>
        <section className="card" aria-labelledby="next-heading" data-testid="recommended">
          <h2 id="next-heading">Next up</h2>
          {overview.recommended ? (
            <>
              <Link className={styles.next} href={overview.recommended.path}>{overview.recommended.title}</Link>
              <span className={styles.meta}>{overview.recommended.reason}</span>
            </>
          ) : (
            <p>You have completed every lesson. Well done.</p>
          )}
        </section>
        <section className="card" aria-labelledby="due-heading" data-testid="due-next">
          <h2 id="due-heading">Due next</h2>
          {overview.due.length ? (
            <ul className={styles.list}>
              {overview.due.map((d) => (
                <li key={d.assignmentId}>
                  {d.lessonPath ? <Link href={d.lessonPath}>{d.title}</Link> : d.title}
                  <span className={styles.meta}>
                    {d.cohortName} · <span className={d.overdue ? styles.overdue : undefined}>{d.overdue ? 'overdue since' : 'due'} {formatUtc(d.dueAt)}</span>
                    {d.extended ? ' (your extension)' : ''}
                    {d.best !== null ? ` · best so far ${formatPercent(d.best)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{overview.cohorts.some((c) => c.role === 'student') ? 'Nothing due: every assignment is passed.' : 'Join a cohort to see its due dates here.'}</p>
          )}
        </section>
        <section className="card" aria-labelledby="recent-heading" data-testid="recent-results">
          <h2 id="recent-heading">Recent results</h2>
          {overview.recent.length ? (
            <ul className={styles.list}>
              {overview.recent.map((r) => (
                <li key={r.id}>
                  {r.lessonPath ? <Link href={r.lessonPath}>{r.title}</Link> : r.title}: {formatPercent(r.score)}
                  <span className={styles.meta}>{formatUtc(r.createdAt)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Submit an exercise to get a server grade.</p>
          )}
        </section>
      </div>

      <h2>Progress by module</h2>
      <ProgressTable modules={modules} index={index} completed={overview.completedLessons} visited={overview.visitedLessons} best={overview.best} />

      <section aria-labelledby="cohorts-heading" style={{ marginTop: '2rem' }}>
        <h2 id="cohorts-heading">Your cohorts</h2>
        {overview.cohorts.length ? (
          <ul data-testid="my-cohorts">
            {overview.cohorts.map((c) => (
              <li key={c.id}>
                {c.role === 'instructor' && teaches ? <Link href={`/cohorts/${c.id}`}>{c.name}</Link> : c.name}
                {c.role === 'instructor' ? <span className="muted"> (instructor)</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">You are not in a cohort.</p>
        )}
        <JoinCohortForm />
      </section>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/cohorts/cohorts.module.css';
import { formatPercent, formatUtc } from '@/components/cohorts/format';
import { requireApiUser } from '@/lib/auth/api';
import { loadAssignmentInsights } from '@/lib/cohorts/dashboard';
import { RECENT_RESULTS_PER_EXERCISE } from '@/lib/cohorts/failing-tests';
import { getDb } from '@/lib/db/client';
import { loadForPage } from '../../../load-for-page';

export const metadata: Metadata = { title: 'Assignment' };
export const dynamic = 'force-dynamic';

const SHOWN = 50;

export default async function AssignmentPage({ params }: { params: Promise<{ cohortId: string; assignmentId: string }> }) {
  const { cohortId, assignmentId } = await params;
  const data = await loadForPage(async () => {
    const user = await requireApiUser();
    return loadAssignmentInsights(await getDb(), user.id, cohortId, assignmentId);
  }, `/cohorts/${cohortId}/assignments/${assignmentId}`);
  const { cohort, assignment, stats, failing, notPassed } = data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/cohorts">Cohorts</Link> / <Link href={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
      </nav>
      <h1>{assignment.title}</h1>
      <dl className={styles.facts}>
        <dt>Due</dt><dd>{formatUtc(assignment.dueAt)} (extensions apply per student)</dd>
        <dt>Passed</dt><dd>{formatPercent(stats.passRate)} of students ({stats.passed}; {stats.attempted} tried)</dd>
        <dt>Median attempts</dt><dd>{stats.medianAttempts ?? '—'}</dd>
        <dt>Late</dt><dd>{stats.late}</dd>
        {assignment.lessonPath ? <><dt>Lesson</dt><dd><Link href={assignment.lessonPath}>{assignment.lessonPath}</Link></dd></> : null}
      </dl>

      <section className={styles.section} aria-labelledby="failing-heading">
        <h2 id="failing-heading">Tests that fail most</h2>
        <p className="muted">From the latest {failing.read} graded submissions (at most {RECENT_RESULTS_PER_EXERCISE}), with the most common messages.</p>
        {failing.tests.length === 0 ? (
          <p className="muted">No failing tests in recent submissions.</p>
        ) : (
          <div className={styles.tableWrap} role="region" aria-label="Failing tests" tabIndex={0}>
            <table className={styles.table} data-testid="failing-tests">
              <caption>Tests by failures among recent graded submissions</caption>
              <thead>
                <tr><th scope="col">Test</th><th scope="col" className={styles.num}>Failed</th><th scope="col">Sample messages</th></tr>
              </thead>
              <tbody>
                {failing.tests.map((t) => (
                  <tr key={t.testId}>
                    <th scope="row">{t.name}<span className={styles.sub}>{t.testId}</span></th>
                    <td className={styles.num}>{t.failures} of {t.seen}</td>
                    <td style={{ whiteSpace: 'normal', minWidth: '18rem' }}>
                      <ul className={styles.samples}>{t.samples.map((m) => <li key={m}><code>{m}</code></li>)}</ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className={styles.section} aria-labelledby="notpassed-heading">
        <h2 id="notpassed-heading">Not passed yet ({notPassed.length})</h2>
        <div className={styles.tableWrap} role="region" aria-label="Students who have not passed" tabIndex={0}>
          <table className={styles.table}>
            <caption>Most attempts first</caption>
            <thead>
              <tr><th scope="col">Student</th><th scope="col" className={styles.num}>Attempts</th><th scope="col" className={styles.num}>Best</th><th scope="col">Struggling</th></tr>
            </thead>
            <tbody>
              {notPassed.slice(0, SHOWN).map((s) => (
                <tr key={s.userId}>
                  <th scope="row">
                    <Link href={`/cohorts/${cohort.id}/students/${s.userId}?assignment=${assignment.id}`}>{s.name}</Link>
                    <span className={styles.sub}>{s.email}</span>
                  </th>
                  <td className={styles.num}>{s.attempts}</td>
                  <td className={styles.num}>{formatPercent(s.best)}</td>
                  <td style={{ whiteSpace: 'normal' }}>{s.struggling.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {notPassed.length > SHOWN ? <p className="muted">Showing the {SHOWN} with the most attempts; <Link href={`/cohorts/${cohort.id}?struggling=1#students`}>the dashboard</Link> filters and pages through everyone.</p> : null}
      </section>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { ExtensionForm } from '@/components/cohorts/assignment-forms';
import { CodeView, plainLines } from '@/components/cohorts/code-diff';
import styles from '@/components/cohorts/cohorts.module.css';
import { formatPercent, formatUtc } from '@/components/cohorts/format';
import { TestList } from '@/components/exercise/test-list';
import { requireApiUser } from '@/lib/auth/api';
import { loadStudentHistory } from '@/lib/cohorts/history';
import { collapseContext, diffStats } from '@/lib/cohorts/line-diff';
import { getDb } from '@/lib/db/client';
import { firstParam, loadForPage } from '../../../load-for-page';

export const metadata: Metadata = { title: 'Student history' };
export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cohortId: string; userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function StudentHistoryPage({ params, searchParams }: Props) {
  const { cohortId, userId } = await params;
  const search = await searchParams;
  const h = await loadForPage(async () => {
    const user = await requireApiUser();
    return loadStudentHistory(await getDb(), user.id, cohortId, userId, {
      assignmentId: firstParam(search.assignment),
      submissionId: firstParam(search.submission),
      compareId: firstParam(search.compare) === 'none' ? null : firstParam(search.compare),
    });
  }, `/cohorts/${cohortId}/students/${userId}`);
  const base = `/cohorts/${h.cohort.id}/students/${h.student.userId}`;
  const link = (q: Record<string, string | undefined>) => `${base}?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])))}`;
  const selected = h.selected;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/cohorts">Cohorts</Link> / <Link href={`/cohorts/${h.cohort.id}`}>{h.cohort.name}</Link>
      </nav>
      <h1>{h.student.name}</h1>
      <p className="muted">{h.student.email} · joined {formatUtc(h.student.joinedAt)}</p>
      {h.assignments.length === 0 ? <p className="muted">This cohort has no assignments yet.</p> : null}
      <nav aria-label="Assignments">
        <ul className={styles.tabs}>
          {h.assignments.map((a) => (
            <li key={a.id}>
              <Link href={link({ assignment: a.id })} aria-current={a.id === selected?.id ? 'page' : undefined}>{a.title}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {selected ? (
        <>
          <section aria-labelledby="due-heading" className="card">
            <h2 id="due-heading">Due date</h2>
            <p>
              {selected.extendedDueAt ? (
                <>Extended to <strong>{formatUtc(selected.extendedDueAt)}</strong> (cohort: {formatUtc(selected.dueAt)})</>
              ) : (
                <>Due {formatUtc(selected.dueAt)}, as for the whole cohort.</>
              )}
            </p>
            <ExtensionForm
              cohortId={h.cohort.id}
              assignmentId={selected.id}
              userId={h.student.userId}
              title={selected.title}
              dueAt={selected.dueAt.toISOString()}
              extendedDueAt={selected.extendedDueAt?.toISOString() ?? null}
            />
          </section>

          <section className={styles.section} aria-labelledby="subs-heading">
            <h2 id="subs-heading">Submissions of {selected.title}</h2>
            {h.submissions.length === 0 ? (
              <p className="muted">No submissions yet.</p>
            ) : (
              <div className={styles.tableWrap} role="region" aria-label="Submissions" tabIndex={0}>
                <table className={styles.table} data-testid="history-table">
                  <caption>Newest first; late = graded after this student&apos;s due date</caption>
                  <thead>
                    <tr><th scope="col">Submitted</th><th scope="col" className={styles.num}>Score</th><th scope="col">Outcome</th><th scope="col">Open</th></tr>
                  </thead>
                  <tbody>
                    {h.submissions.map((s) => (
                      <tr key={s.id} aria-current={s.id === h.current?.id ? 'true' : undefined}>
                        <th scope="row">{formatUtc(s.createdAt)}{s.late ? <span className={`${styles.badge} ${styles.late}`}>late</span> : null}</th>
                        <td className={styles.num}>{s.outcome === 'error' ? '—' : formatPercent(s.score)}</td>
                        <td>{s.outcome ?? s.status.toLowerCase()}</td>
                        <td className={styles.actions}>
                          {s.id === h.current?.id ? <span className="muted">shown</span> : <Link href={link({ assignment: selected.id, submission: s.id })}>view</Link>}
                          {h.current && s.id !== h.current.id ? (
                            <Link href={link({ assignment: selected.id, submission: h.current.id, compare: s.id })}>diff with shown</Link>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {h.current ? (
            <section className={styles.section} aria-labelledby="current-heading" data-testid="current-submission">
              <h2 id="current-heading">
                Submission of {formatUtc(h.current.createdAt)}: {h.current.outcome === 'error' ? 'could not run' : formatPercent(h.current.score)}
              </h2>
              {h.current.result?.message ? <p>{h.current.result.message}</p> : null}
              {h.current.result && h.current.result.tests.length ? (
                <div className={styles.tests}>
                  <TestList tests={h.current.result.tests} testIdPrefix="history-test-" showPoints label="Per-test results" />
                </div>
              ) : null}
              {h.compare ? (
                <>
                  <h3>
                    Changes since {formatUtc(h.compare.base.createdAt)} ({formatPercent(h.compare.base.score)}):{' '}
                    +{diffStats(h.compare.diff).added} −{diffStats(h.compare.diff).removed} lines
                  </h3>
                  <p><Link href={link({ assignment: selected.id, submission: h.current.id, compare: 'none' })}>Show the whole code instead</Link></p>
                  <CodeView lines={collapseContext(h.compare.diff)} label="Line diff between the two submissions" />
                </>
              ) : (
                <>
                  <h3>Code</h3>
                  <CodeView lines={plainLines(h.current.code)} label="Submitted code" />
                </>
              )}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

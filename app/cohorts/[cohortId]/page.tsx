import type { Metadata } from 'next';
import Link from 'next/link';
import { ActivityChart } from '@/components/cohorts/activity-chart';
import { AddAssignmentForm } from '@/components/cohorts/assignment-forms';
import { AssignmentsTable } from '@/components/cohorts/assignments-table';
import { CohortSettingsForm, CopyButton } from '@/components/cohorts/cohort-forms';
import styles from '@/components/cohorts/cohorts.module.css';
import { MatrixFilters, MatrixPager } from '@/components/cohorts/matrix-filters';
import { MatrixTable } from '@/components/cohorts/matrix-table';
import { requireApiUser } from '@/lib/auth/api';
import { loadCohortDashboard } from '@/lib/cohorts/dashboard';
import { buildExerciseIndex } from '@/lib/cohorts/exercise-index';
import { LATE_POLICIES } from '@/lib/cohorts/late-policy';
import { parseMatrixQuery, STRUGGLING } from '@/lib/cohorts/matrix';
import { getDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { loadForPage } from '../load-for-page';

export const metadata: Metadata = { title: 'Cohort dashboard' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ cohortId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CohortDashboardPage({ params, searchParams }: Props) {
  const { cohortId } = await params;
  const query = parseMatrixQuery(await searchParams);
  const now = new Date();
  const data = await loadForPage(async () => {
    const user = await requireApiUser();
    return loadCohortDashboard(await getDb(), user.id, cohortId, query, now);
  }, `/cohorts/${cohortId}`);
  const { cohort } = data;
  const joinPath = `/join/${cohort.joinCode}`;
  const joinUrl = new URL(joinPath, env().NEXTAUTH_URL).toString();
  const index = buildExerciseIndex();
  const modules = index.modules.map((m) => ({
    slug: m.slug,
    title: m.title,
    exercises: m.exerciseUuids.map((uuid) => ({ uuid, title: index.byUuid.get(uuid)!.title })),
  }));
  const policy = LATE_POLICIES.find((p) => p.value === data.policy)!;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb"><Link href="/cohorts">Cohorts</Link></nav>
      <header className={styles.header}>
        <h1>{cohort.name}</h1>
        <div className={styles.actions}>
          <Link href={`/cohorts/${cohort.id}/roster`}>Roster</Link>
          <a href={`/api/cohorts/${cohort.id}/gradebook?format=csv`} download data-testid="export-csv">Export gradebook (CSV)</a>
          <a href={`/api/cohorts/${cohort.id}/gradebook`}>Gradebook JSON</a>
        </div>
      </header>
      <p className="muted">
        {data.studentCount} students · {data.strugglingCount} struggling (no graded work for {STRUGGLING.idleDays}+ days, or{' '}
        {STRUGGLING.failedAttempts}+ failed attempts on an unpassed assignment) · late work: {policy.label.toLowerCase()} ({policy.description})
      </p>

      <div className={`${styles.grid} ${styles.section}`}>
        <section className="card" aria-labelledby="join-heading">
          <h2 id="join-heading">Invite students</h2>
          <dl className={styles.facts}>
            <dt>Join code</dt>
            <dd><span className={styles.code} data-testid="join-code">{cohort.joinCode}</span></dd>
            <dt>Join link</dt>
            <dd><a href={joinPath} data-testid="join-link">{joinUrl}</a></dd>
          </dl>
          <p><CopyButton text={joinUrl} label="Copy join link" /></p>
        </section>
        <section className="card" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <CohortSettingsForm cohortId={cohort.id} name={cohort.name} latePolicy={data.policy} />
        </section>
      </div>

      <section className={styles.section} aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Assignments</h2>
        <AssignmentsTable cohortId={cohort.id} assignments={data.assignments} stats={data.stats} studentCount={data.studentCount} />
        <h3>Add an assignment</h3>
        <AddAssignmentForm cohortId={cohort.id} modules={modules} />
      </section>

      <section className={styles.section} aria-labelledby="activity-heading">
        <h2 id="activity-heading">Activity</h2>
        <ActivityChart points={data.activity} />
      </section>

      <section className={styles.section} aria-labelledby="students-heading" id="students">
        <h2 id="students-heading">Students</h2>
        <MatrixFilters cohortId={cohort.id} query={query} />
        <MatrixTable cohortId={cohort.id} assignments={data.assignments} page={data.page} query={query} now={now} />
        <MatrixPager cohortId={cohort.id} query={query} page={data.page} />
      </section>
    </>
  );
}

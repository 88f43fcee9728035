import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/cohorts/cohorts.module.css';
import { formatUtc } from '@/components/cohorts/format';
import { MemberActions } from '@/components/cohorts/member-actions';
import { requireApiUser } from '@/lib/auth/api';
import { loadRoster } from '@/lib/cohorts/manage';
import { getDb } from '@/lib/db/client';
import { loadForPage } from '../../load-for-page';

export const metadata: Metadata = { title: 'Roster' };
export const dynamic = 'force-dynamic';

export default async function RosterPage({ params }: { params: Promise<{ cohortId: string }> }) {
  const { cohortId } = await params;
  const { cohort, members } = await loadForPage(async () => {
    const user = await requireApiUser();
    return loadRoster(await getDb(), user.id, cohortId);
  }, `/cohorts/${cohortId}/roster`);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/cohorts">Cohorts</Link> / <Link href={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
      </nav>
      <h1>Roster</h1>
      <p className="muted">
        Co-instructors see and manage this cohort only, and need an instructor account (an admin grants it). Removing a
        student keeps their submissions; it ends your access to them.
      </p>
      <div className={styles.tableWrap} role="region" aria-label="Members" tabIndex={0}>
        <table className={styles.table} data-testid="roster-table">
          <caption>{members.length} members, instructors first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role here</th>
              <th scope="col">Joined</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">
                  {m.role === 'student' ? <Link href={`/cohorts/${cohort.id}/students/${m.userId}`}>{m.name}</Link> : m.name}
                </th>
                <td>{m.email}</td>
                <td>{m.userId === cohort.ownerId ? 'owner' : m.role === 'instructor' ? 'co-instructor' : 'student'}</td>
                <td>{formatUtc(m.joinedAt)}</td>
                <td>
                  {m.userId === cohort.ownerId ? <span className="muted">—</span> : <MemberActions cohortId={cohort.id} userId={m.userId} name={m.name} role={m.role} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

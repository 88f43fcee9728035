import Link from 'next/link';
import type { AssignmentView } from '@/lib/cohorts/assignments';
import type { AssignmentStats } from '@/lib/cohorts/matrix';
import { AssignmentRowActions } from './assignment-forms';
import styles from './cohorts.module.css';
import { formatPercent, formatUtc } from './format';

export function AssignmentsTable({ cohortId, assignments, stats, studentCount }: { cohortId: string; assignments: AssignmentView[]; stats: AssignmentStats[]; studentCount: number }) {
  if (assignments.length === 0) return <p className="muted">No assignments yet. Add an exercise or a whole module below.</p>;
  return (
    <div className={styles.tableWrap} role="region" aria-label="Assignments" tabIndex={0}>
      <table className={styles.table} data-testid="assignments-table">
        <caption>Assignments by due date, with pass rate over all {studentCount} students and median graded attempts.</caption>
        <thead>
          <tr>
            <th scope="col">Exercise</th>
            <th scope="col">Due</th>
            <th scope="col" className={styles.num}>Passed</th>
            <th scope="col" className={styles.num}>Median attempts</th>
            <th scope="col" className={styles.num}>Late</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {assignments.map((a, i) => {
            const s = stats[i]!;
            return (
              <tr key={a.id}>
                <th scope="row">
                  <Link href={`/cohorts/${cohortId}/assignments/${a.id}`}>{a.title}</Link>
                  {a.lessonPath ? <span className={styles.sub}><Link href={a.lessonPath}>lesson</Link></span> : null}
                </th>
                <td>{formatUtc(a.dueAt)}</td>
                <td className={styles.num}>
                  {formatPercent(s.passRate)}
                  <span className={styles.sub}>{s.passed} passed, {s.attempted} tried</span>
                </td>
                <td className={styles.num}>{s.medianAttempts ?? '—'}</td>
                <td className={styles.num}>{s.late}</td>
                <td>
                  <AssignmentRowActions cohortId={cohortId} assignmentId={a.id} dueAt={a.dueAt.toISOString()} title={a.title} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import Link from 'next/link';
import type { AssignmentView } from '@/lib/cohorts/assignments';
import type { Cell } from '@/lib/cohorts/late-policy';
import type { MatrixPage, MatrixQuery, SortKey } from '@/lib/cohorts/matrix';
import styles from './cohorts.module.css';
import { formatAgo, formatPercent, formatUtc } from './format';

type Props = { cohortId: string; assignments: AssignmentView[]; page: MatrixPage; query: MatrixQuery; now: Date };

/** The query string for the same view with some parameters changed (links keep filters). */
export function hrefWith(cohortId: string, query: MatrixQuery, change: Partial<MatrixQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.struggling) params.set('struggling', '1');
  if (next.sort !== 'name') params.set('sort', next.sort);
  if (next.dir !== 'asc') params.set('dir', next.dir);
  if (next.size !== 50) params.set('size', String(next.size));
  if (next.page !== 1) params.set('page', String(next.page));
  const text = params.toString();
  return `/cohorts/${cohortId}${text ? `?${text}` : ''}#students`;
}

function SortHeader({ label, sort, props, numeric }: { label: string; sort: SortKey; props: Props; numeric?: boolean }) {
  const active = props.query.sort === sort;
  const dir = active && props.query.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" className={numeric ? styles.num : undefined} aria-sort={active ? (props.query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link className={styles.sortLink} href={hrefWith(props.cohortId, props.query, { sort, dir, page: 1 })}>
        {label} {active ? (props.query.dir === 'asc' ? '▲' : '▼') : ''}
        <span className="visually-hidden">, sort {dir === 'asc' ? 'ascending' : 'descending'}</span>
      </Link>
    </th>
  );
}

function CellView({ cell, extendedTo }: { cell: Cell; extendedTo: Date | null }) {
  const extension = extendedTo ? (
    <span className={styles.badge} title={`Extended to ${formatUtc(extendedTo)}`}>
      ext.<span className="visually-hidden"> to {formatUtc(extendedTo)}</span>
    </span>
  ) : null;
  if (cell.attempts === 0) return <><span className={styles.none}>—</span>{extension}</>;
  return (
    <>
      <span className={cell.passed ? styles.passed : undefined}>{formatPercent(cell.counted)}</span>
      {cell.late ? <span className={`${styles.badge} ${styles.late}`}>late</span> : null}
      {extension}
      <span className={styles.sub}>
        {cell.attempts} attempt{cell.attempts === 1 ? '' : 's'}
        {cell.best !== null && cell.best > cell.counted ? `, best ${formatPercent(cell.best)} late` : ''}
      </span>
    </>
  );
}

export function MatrixTable(props: Props) {
  const { assignments, page, cohortId, now } = props;
  return (
    <div className={styles.tableWrap} role="region" aria-label="Students and assignments" tabIndex={0}>
      <table className={styles.table} data-testid="cohort-matrix">
        <caption>
          Students × assignments: the counted score (late policy applied), graded attempts and late flags. Showing {page.rows.length} of {page.matching}.
        </caption>
        <thead>
          <tr>
            <SortHeader label="Student" sort="name" props={props} />
            {assignments.map((a) => (
              <th key={a.id} scope="col">
                <Link href={`/cohorts/${cohortId}/assignments/${a.id}`}>{a.title}</Link>
              </th>
            ))}
            <SortHeader label="Total" sort="total" props={props} numeric />
            <SortHeader label="Late" sort="late" props={props} numeric />
            <SortHeader label="Last activity" sort="last" props={props} />
          </tr>
        </thead>
        <tbody>
          {page.rows.length === 0 ? (
            <tr><td colSpan={assignments.length + 4} className={styles.none}>No students match.</td></tr>
          ) : null}
          {page.rows.map((row) => (
            <tr key={row.userId} data-testid={`matrix-row-${row.userId}`}>
              <th scope="row">
                <Link href={`/cohorts/${cohortId}/students/${row.userId}`}>{row.name}</Link>
                {row.struggling.length ? (
                  <span className={`${styles.badge} ${styles.struggling}`} title={row.struggling.join('; ')}>
                    struggling<span className="visually-hidden">: {row.struggling.join('; ')}</span>
                  </span>
                ) : null}
                <span className={styles.sub}>{row.email}</span>
              </th>
              {row.cells.map((cell, i) => (
                <td key={assignments[i]!.id} data-testid={`cell-${assignments[i]!.slug ?? i}`}>
                  <CellView cell={cell} extendedTo={row.extensions[i] ?? null} />
                </td>
              ))}
              <td className={styles.num}>{formatPercent(row.total)}</td>
              <td className={styles.num}>{row.lateCount}</td>
              <td>{formatAgo(row.lastActivity, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

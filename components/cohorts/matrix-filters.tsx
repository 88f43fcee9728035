import Link from 'next/link';
import type { MatrixPage, MatrixQuery } from '@/lib/cohorts/matrix';
import styles from './cohorts.module.css';
import { hrefWith } from './matrix-table';

/** A plain GET form: filtering works without JavaScript and the URL can be shared. */
export function MatrixFilters({ cohortId, query }: { cohortId: string; query: MatrixQuery }) {
  return (
    <form method="get" action={`/cohorts/${cohortId}#students`} className={styles.filters} aria-label="Filter students">
      <label>
        Name or email
        <input type="search" name="q" defaultValue={query.q} maxLength={100} />
      </label>
      <label className="check">
        <input type="checkbox" name="struggling" value="1" defaultChecked={query.struggling} /> Struggling only
      </label>
      <label>
        Per page
        <select name="size" defaultValue={String(query.size)}>
          {[25, 50, 100, 200].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <button type="submit" className="button">Apply</button>
      {query.q || query.struggling ? <Link href={`/cohorts/${cohortId}#students`}>Clear</Link> : null}
    </form>
  );
}

export function MatrixPager({ cohortId, query, page }: { cohortId: string; query: MatrixQuery; page: MatrixPage }) {
  return (
    <nav className={styles.pager} aria-label="Student pages">
      <span>Page {page.page} of {page.pageCount} · {page.matching} students</span>
      <span className={styles.actions}>
        {page.page > 1 ? <Link href={hrefWith(cohortId, query, { page: page.page - 1 })} rel="prev">← Previous</Link> : null}
        {page.page < page.pageCount ? <Link href={hrefWith(cohortId, query, { page: page.page + 1 })} rel="next">Next →</Link> : null}
      </span>
    </nav>
  );
}

import type { DiffLine, DiffRow } from '@/lib/cohorts/line-diff';
import styles from './code-diff.module.css';

const MARK = { same: ' ', add: '+', del: '−' } as const;
const SPOKEN = { same: '', add: 'added: ', del: 'removed: ' } as const;

/** Code with line numbers; with a diff, both sides' numbers, added/removed lines marked and folds. */
export function CodeView({ lines, label }: { lines: ReadonlyArray<DiffRow>; label: string }) {
  return (
    <pre className={styles.pre} aria-label={label} tabIndex={0}>
      {lines.map((line, i) =>
        line.kind === 'skip' ? (
          <span key={i} className={`${styles.codeLine} ${styles.fold}`}>
            <span className={styles.no}>⋯</span>
            <span className={styles.no}>⋯</span>
            <span />
            <span>{line.count} unchanged line{line.count === 1 ? '' : 's'}</span>
          </span>
        ) : (
          <span key={i} className={`${styles.codeLine} ${line.kind === 'same' ? '' : styles[line.kind]}`}>
            <span className={styles.no}>{line.oldNo ?? ''}</span>
            <span className={styles.no}>{line.newNo ?? ''}</span>
            <span aria-hidden="true">{MARK[line.kind]}</span>
            <span>
              {SPOKEN[line.kind] ? <span className="visually-hidden">{SPOKEN[line.kind]}</span> : null}
              {line.text}
            </span>
          </span>
        ),
      )}
    </pre>
  );
}

export function plainLines(code: string): DiffLine[] {
  return code
    .replace(/\r\n?/g, '\n')
    .replace(/\n$/, '')
    .split('\n')
    .map((text, i) => ({ kind: 'same' as const, text, oldNo: null, newNo: i + 1 }));
}

import { useId } from 'react';
import type { ActivityPoint } from '@/lib/cohorts/dashboard';
import styles from './activity-chart.module.css';
import { formatDay } from './format';

const W = 720;
const H = 200;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };

/**
 * Submissions per day (bars) and students active that day (line), our own SVG: no chart library.
 * The same numbers are in a visually hidden table for screen readers.
 */
export function ActivityChart({ points }: { points: ReadonlyArray<ActivityPoint> }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...points.map((p) => Math.max(p.submissions, p.students)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = innerW / Math.max(1, points.length);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const total = points.reduce((s, p) => s + p.submissions, 0);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(PAD.left + step * (i + 0.5)).toFixed(1)},${y(p.students).toFixed(1)}`).join(' ');
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} className={styles.chart} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>Activity over the last {points.length} days</title>
        <desc id={descId}>{total} submissions in total; the busiest day had {max} submissions or active students.</desc>
        <line className={styles.axis} x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
        <line className={styles.axis} x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + innerH} />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">{max}</text>
        <text x={PAD.left - 6} y={PAD.top + innerH} textAnchor="end">0</text>
        {points.map((p, i) => (
          <rect key={p.day} className={styles.bar} x={PAD.left + step * i + step * 0.15} width={step * 0.7} y={y(p.submissions)} height={PAD.top + innerH - y(p.submissions)}>
            <title>{`${formatDay(p.day)}: ${p.submissions} submissions, ${p.students} students active`}</title>
          </rect>
        ))}
        <path className={styles.line} d={line} />
        {points.map((p, i) =>
          // weekly labels counted back from today, so the newest day is always labelled
          (points.length - 1 - i) % 7 === 0 ? (
            <text key={`l${p.day}`} x={PAD.left + step * (i + 0.5)} y={H - 6} textAnchor="middle">{formatDay(p.day)}</text>
          ) : null,
        )}
      </svg>
      <figcaption className={styles.legend}>
        <span><span className={styles.swatchBar} aria-hidden="true" />Submissions per day</span>
        <span><span className={styles.swatchLine} aria-hidden="true" />Students active</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>Activity per day</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">Submissions</th><th scope="col">Students active</th></tr></thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.day}><th scope="row">{p.day}</th><td>{p.submissions}</td><td>{p.students}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

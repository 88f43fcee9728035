import { finiteExtent } from './plot-data';
import styles from './plots.module.css';

const SIZE = 320;
const PAD = 12;

type Point = { x: number; y: number; label: number };

/** Points coloured by class; a negative label means "unlabelled" and is drawn as a hollow ring. */
export function ScatterPlot({ title, points }: { title: string; points: ReadonlyArray<Point> }) {
  const xs = finiteExtent(points.map((p) => p.x));
  const ys = finiteExtent(points.map((p) => p.y));
  const sx = (v: number) => PAD + ((v - xs.min) / (xs.max - xs.min)) * (SIZE - 2 * PAD);
  const sy = (v: number) => SIZE - PAD - ((v - ys.min) / (ys.max - ys.min)) * (SIZE - 2 * PAD);
  const counts = countLabels(points);
  const description = `${title}: ${points.length} points; ${counts
    .map(([label, n]) => `${labelName(label)}: ${n}`)
    .join(', ')}.`;

  return (
    <figure className={styles.figure} data-testid={`scatter-${title}`}>
      <figcaption className={styles.caption}>{title}</figcaption>
      <svg className={`${styles.svg} ${styles.square}`} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={description}>
        <rect className={styles.frame} x={0.5} y={0.5} width={SIZE - 1} height={SIZE - 1} />
        {points.map((p, i) =>
          Number.isFinite(p.x) && Number.isFinite(p.y) ? (
            p.label < 0 ? (
              <circle key={i} className={styles.unlabelled} cx={sx(p.x)} cy={sy(p.y)} r={2.6} />
            ) : (
              <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={2.6} style={{ fill: classColour(p.label) }} />
            )
          ) : null,
        )}
      </svg>
      <ul className={styles.legend}>
        {counts.map(([label, n]) => (
          <li key={label} style={{ color: label < 0 ? 'var(--ex-muted)' : classColour(label) }}>
            <span className={`${styles.swatch} ${label < 0 ? styles.ring : styles.disc}`} aria-hidden="true" />
            <span className={styles.legendText}>
              {labelName(label)} ({n})
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function classColour(label: number): string {
  return `var(--ex-series-${label % 6})`;
}

function labelName(label: number): string {
  return label < 0 ? 'unlabelled' : `class ${label}`;
}

function countLabels(points: ReadonlyArray<Point>): Array<[number, number]> {
  const counts = new Map<number, number>();
  for (const p of points) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  // Classes first in order, unlabelled last.
  return [...counts.entries()].sort((a, b) => (a[0] < 0 ? 1 : b[0] < 0 ? -1 : a[0] - b[0]));
}

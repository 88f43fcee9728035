import { describeSeries, finiteExtent, formatNumber, linePath, niceTicks, type NamedSeries } from './plot-data';
import styles from './plots.module.css';

const W = 480;
const H = 220;
const M = { top: 12, right: 16, bottom: 30, left: 56 };

/**
 * A live training curve. Redrawn from the data on every batch of events: a few thousand points make
 * one path per series, which is cheaper than diffing point elements.
 */
export function LineChart({ title, series }: { title: string; series: ReadonlyArray<NamedSeries> }) {
  const points = series.flatMap((s) => s.points);
  const xExtent = finiteExtent(points.map((p) => p.step));
  const yExtent = finiteExtent(points.map((p) => p.value));
  const x = (step: number) => M.left + ((step - xExtent.min) / (xExtent.max - xExtent.min)) * (W - M.left - M.right);
  const y = (value: number) => M.top + (1 - (value - yExtent.min) / (yExtent.max - yExtent.min)) * (H - M.top - M.bottom);
  const yTicks = niceTicks(yExtent, 4);
  const xTicks = niceTicks(xExtent, 5);
  const description = series.map(describeSeries).join(' ');

  return (
    <figure className={styles.figure} data-testid={`chart-${title}`}>
      <figcaption className={styles.caption}>{title}</figcaption>
      <svg className={styles.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description}>
        {yTicks.map((tick) => (
          <g key={`y${tick}`}>
            <line className={styles.grid} x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
            <text className={styles.tick} x={M.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <text key={`x${tick}`} className={styles.tick} x={x(tick)} y={H - M.bottom + 14} textAnchor="middle">
            {formatNumber(tick)}
          </text>
        ))}
        <text className={styles.axisLabel} x={W - M.right} y={H - 4} textAnchor="end">
          step
        </text>
        <line className={styles.axis} x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
        <line className={styles.axis} x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
        {series.map((s, i) => {
          const last = [...s.points].reverse().find((p) => Number.isFinite(p.value));
          return (
            <g key={s.name} style={{ color: `var(--ex-series-${i % 6})` }}>
              <path
                className={styles.line}
                d={linePath(s.points, x, y)}
                // Dashes tell series apart without relying on colour.
                strokeDasharray={i === 0 ? undefined : i === 1 ? '6 4' : '2 3'}
              />
              {last ? <circle className={styles.dot} cx={x(last.step)} cy={y(last.value)} r={3} /> : null}
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend}>
        {series.map((s, i) => {
          const last = s.points[s.points.length - 1];
          return (
            <li key={s.name} style={{ color: `var(--ex-series-${i % 6})` }}>
              <span className={`${styles.swatch} ${i === 0 ? '' : styles.dashed}`} aria-hidden="true" />
              <span className={styles.legendText}>
                {s.name}
                {last ? `: ${formatNumber(last.value)} at step ${formatNumber(last.step)}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

import { useMemo } from 'react';
import { LineChart } from './line-chart';
import { groupSeries } from './plot-data';
import type { RunView } from './run-state';
import { ScatterPlot } from './scatter-plot';
import outputStyles from './output-panel.module.css';
import styles from './plots.module.css';

export function PlotsView({ view }: { view: RunView }) {
  const groups = useMemo(() => groupSeries(view.metrics), [view.metrics]);
  if (groups.length === 0 && view.scatters.length === 0) {
    return (
      <p className={outputStyles.empty}>
        Training curves and plots appear here while your code runs, for exercises that draw them.
      </p>
    );
  }
  return (
    <div className={styles.plots}>
      {groups.map((group) => (
        <LineChart key={group.key} title={group.key} series={group.series} />
      ))}
      {view.scatters.map((scatter) => (
        <ScatterPlot key={scatter.title} title={scatter.title} points={scatter.points} />
      ))}
    </div>
  );
}

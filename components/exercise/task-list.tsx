import { useId } from 'react';
import type { ExerciseMeta } from '@/lib/exercises/meta-schema';
import styles from './side-panel.module.css';
import ui from './ui.module.css';

export type TaskStatus = 'pass' | 'fail';

const STATUS_TEXT: Record<TaskStatus | 'todo', string> = {
  pass: 'passing',
  fail: 'not passing yet',
  todo: 'not run yet',
};

export function TaskList({ meta, status }: { meta: ExerciseMeta; status: ReadonlyMap<number, TaskStatus> }) {
  const headingId = useId();
  const exportsId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Tasks
      </h2>
      <ol className={styles.tasks}>
        {meta.tasks.map((task) => {
          const s = status.get(task.id) ?? 'todo';
          return (
            <li key={task.id} className={styles.task} data-testid={`task-${task.id}`} data-status={s}>
              <span className={`${styles.taskIcon} ${styles[`task-${s}`] ?? ''}`} aria-hidden="true">
                {s === 'pass' ? '✓' : s === 'fail' ? '✗' : '○'}
              </span>
              <span>
                <span className={styles.taskNumber}>Task {task.id}.</span> {task.title}
                <span className={ui.visuallyHidden}> ({STATUS_TEXT[s]})</span>
              </span>
            </li>
          );
        })}
      </ol>
      <h3 id={exportsId} className={styles.subheading}>
        Your code must export
      </h3>
      <ul className={styles.exports} aria-labelledby={exportsId}>
        {meta.exports.map((item) => (
          <li key={item.name}>
            <code className={ui.code}>
              {item.signature.includes(item.name) ? item.signature : `${item.name}: ${item.signature}`}
            </code>
          </li>
        ))}
      </ul>
    </section>
  );
}

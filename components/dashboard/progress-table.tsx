import Link from 'next/link';
import type { ModuleEntry } from '@/lib/content/course';
import type { ExerciseIndex } from '@/lib/cohorts/exercise-index';

type Props = {
  modules: ModuleEntry[];
  index: ExerciseIndex;
  completed: ReadonlySet<string>;
  visited: ReadonlySet<string>;
  best: ReadonlyMap<string, { bestScore: number | null; attempts: number }>;
};

/** Progress by module: lessons completed and the best server grade of each exercise. */
export function ProgressTable({ modules, index, completed, visited, best }: Props) {
  return (
    <table className="progress-table" data-testid="progress-table">
      <caption className="visually-hidden">Progress per module</caption>
      <thead>
        <tr><th scope="col">Module</th><th scope="col">Lessons completed</th><th scope="col">Exercises (best server grade)</th></tr>
      </thead>
      <tbody>
        {modules.map((module) => {
          const lessons = module.lessons;
          const done = lessons.filter((l) => completed.has(l.id)).length;
          const seen = lessons.filter((l) => visited.has(l.id)).length;
          const exercises = lessons.flatMap((l) => l.exerciseSlugs.map((slug) => index.list.find((e) => e.slug === slug)).filter((e) => e !== undefined));
          return (
            <tr key={module.slug}>
              <th scope="row"><Link href={`/learn/${module.slug}`}>{module.title}</Link></th>
              <td>
                {lessons.length ? (
                  <>
                    <progress value={done} max={lessons.length} aria-label={`${module.title} lessons completed`} />{' '}
                    {done}/{lessons.length} <span className="muted">({seen} visited)</span>
                  </>
                ) : <span className="muted">coming soon</span>}
              </td>
              <td>
                {exercises.length ? (
                  <ul className="plain">
                    {exercises.map((exercise) => {
                      const b = best.get(exercise.uuid);
                      return (
                        <li key={exercise.uuid} data-testid={`best-${exercise.slug}`}>
                          {exercise.lessonPath ? <Link href={exercise.lessonPath}>{exercise.title}</Link> : exercise.title}:{' '}
                          {b && b.bestScore !== null ? `${Math.round(b.bestScore * 100)}% (${b.attempts} attempt${b.attempts === 1 ? '' : 's'})` : 'not submitted'}
                        </li>
                      );
                    })}
                  </ul>
                ) : <span className="muted">—</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

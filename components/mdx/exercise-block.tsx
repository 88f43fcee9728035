import { ExerciseWorkspace } from '@/components/exercise/exercise-workspace';
import { getCurrentUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { selectDraft } from '@/lib/db/drafts';
import { selectRecentSubmissions } from '@/lib/db/submissions';
import { findExerciseBySlug, readHintsSource, readStarter } from '@/lib/exercises/catalogue';
import { parseHints } from '@/lib/exercises/parse-hints';

/** Server side of `<Exercise id="..." />`: loads the exercise and this learner's state. */
export async function ExerciseBlock({ id }: { id: string }) {
  const exercise = findExerciseBySlug(id);
  if (!exercise) {
    // The course check rejects unknown ids; this only shows while authoring.
    return <p role="alert">Unknown exercise “{id}”.</p>;
  }
  const user = await getCurrentUser();
  const db = user ? await getDb() : null;
  const draft = user && db ? await selectDraft(db, user.id, exercise.meta.uuid) : null;
  const submissions = user && db ? await selectRecentSubmissions(db, user.id, exercise.meta.uuid) : [];
  return (
    <ExerciseWorkspace
      meta={exercise.meta}
      starter={readStarter(exercise)}
      draft={draft ? { code: draft.code, updatedAt: draft.updatedAt.toISOString() } : null}
      hints={parseHints(readHintsSource(exercise))}
      signedIn={Boolean(user)}
      submissions={submissions.map((s) => ({
        id: s.id,
        status: s.status,
        score: s.score,
        createdAt: s.createdAt.toISOString(),
      }))}
    />
  );
}

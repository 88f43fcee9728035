import 'server-only';
import type { ModuleEntry } from '@/lib/content/course';
import type { Db } from '@/lib/db/client';
import { selectAssignmentsForStudent } from '@/lib/db/assignments';
import { selectMembershipsOfUser } from '@/lib/db/cohorts';
import { selectLessonProgress } from '@/lib/db/progress';
import { selectBestScores, selectRecentGradedForUser } from '@/lib/db/submissions';
import { buildExerciseIndex } from './exercise-index';
import { effectiveDue } from './late-policy';

const DUE_SHOWN = 8;
const RECENT_SHOWN = 5;

export type DueItem = {
  assignmentId: string;
  cohortName: string;
  title: string;
  lessonPath: string | null;
  dueAt: Date;
  extended: boolean;
  best: number | null;
  overdue: boolean;
};

export type StudentOverview = {
  cohorts: Array<{ id: string; name: string; role: string }>;
  /** Unfinished assignments, overdue first, then by due date. */
  due: DueItem[];
  recommended: { title: string; path: string; reason: string } | null;
  recent: Array<{ id: string; title: string; lessonPath: string | null; score: number | null; outcome: string | null; createdAt: Date }>;
  completedLessons: Set<string>;
  visitedLessons: Set<string>;
  best: Map<string, { bestScore: number | null; attempts: number }>;
};

/** Everything the learner's own dashboard shows, scoped to that learner only. */
export async function loadStudentOverview(db: Db, userId: string, modules: ModuleEntry[], now = new Date()): Promise<StudentOverview> {
  const [memberships, assignments, progress, best, recent] = await Promise.all([
    selectMembershipsOfUser(db, userId),
    selectAssignmentsForStudent(db, userId),
    selectLessonProgress(db, userId),
    selectBestScores(db, userId),
    selectRecentGradedForUser(db, userId, RECENT_SHOWN),
  ]);
  const index = buildExerciseIndex(modules);
  const bestByUuid = new Map(best.map((b) => [b.exerciseUuid, { bestScore: b.bestScore, attempts: b.attempts }]));
  const passed = (uuid: string) => (bestByUuid.get(uuid)?.bestScore ?? 0) >= 1;

  const due = assignments
    .filter((a) => !passed(a.exerciseUuid))
    .map((a): DueItem => {
      const dueAt = effectiveDue(a.dueAt, a.extendedDueAt);
      const info = index.byUuid.get(a.exerciseUuid);
      return {
        assignmentId: a.id,
        cohortName: a.cohortName,
        title: info?.title ?? 'Retired exercise',
        lessonPath: info?.lessonPath ?? null,
        dueAt,
        extended: a.extendedDueAt !== null,
        best: bestByUuid.get(a.exerciseUuid)?.bestScore ?? null,
        overdue: dueAt < now,
      };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.getTime() - b.dueAt.getTime())
    .slice(0, DUE_SHOWN);

  const completedLessons = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  const visitedLessons = new Set(progress.map((p) => p.lessonId));
  return {
    cohorts: memberships.map((m) => ({ id: m.cohortId, name: m.name, role: m.role })),
    due,
    recommended: recommend(due, modules, completedLessons),
    recent: recent.map((r) => {
      const info = index.byUuid.get(r.exerciseUuid);
      return { id: r.id, title: info?.title ?? 'Retired exercise', lessonPath: info?.lessonPath ?? null, score: r.score, outcome: r.outcome, createdAt: r.createdAt };
    }),
    completedLessons,
    visitedLessons,
    best: bestByUuid,
  };
}

/** The most urgent assigned lesson if one is due, otherwise the first unfinished lesson in course order. */
function recommend(due: DueItem[], modules: ModuleEntry[], completed: Set<string>): StudentOverview['recommended'] {
  const urgent = due.find((d) => d.lessonPath);
  if (urgent) {
    return {
      title: urgent.title,
      path: urgent.lessonPath!,
      reason: urgent.overdue ? `Overdue for ${urgent.cohortName}` : `Due for ${urgent.cohortName}`,
    };
  }
  for (const module of modules) {
    const lesson = module.lessons.find((l) => !completed.has(l.id));
    if (lesson) return { title: lesson.title, path: `/learn/${module.slug}/${lesson.slug}`, reason: `Next in ${module.title}` };
  }
  return null;
}

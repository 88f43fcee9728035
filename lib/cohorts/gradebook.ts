import 'server-only';
import type { Db } from '@/lib/db/client';
import { toCsv } from './csv';
import { loadCohortData } from './dashboard';
import type { LatePolicy } from './late-policy';

export type Gradebook = {
  cohort: { id: string; name: string; latePolicy: LatePolicy };
  generatedAt: string;
  assignments: Array<{ id: string; title: string; exerciseUuid: string; dueAt: string }>;
  students: Array<{
    userId: string;
    name: string;
    email: string;
    /** Counted score per assignment in percent (late policy applied); null when never graded. */
    scores: Array<number | null>;
    /** Ids of the assignments flagged late. */
    late: string[];
    /** Mean over all assignments in percent; an assignment never graded counts 0. */
    total: number;
    lastActivity: string | null;
  }>;
};

const percent = (x: number): number => Math.round(x * 1000) / 10;

/** One row per student, a column per assignment: what the CSV and the JSON API both return. */
export async function loadGradebook(db: Db, actorId: string, cohortId: string, now = new Date()): Promise<Gradebook> {
  const data = await loadCohortData(db, actorId, cohortId, now);
  const rows = [...data.rows].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  return {
    cohort: { id: data.cohort.id, name: data.cohort.name, latePolicy: data.policy },
    generatedAt: now.toISOString(),
    assignments: data.assignments.map((a) => ({ id: a.id, title: a.title, exerciseUuid: a.exerciseUuid, dueAt: a.dueAt.toISOString() })),
    students: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      scores: r.cells.map((c) => (c.attempts > 0 ? percent(c.counted) : null)),
      late: data.assignments.filter((_, i) => r.cells[i]!.late).map((a) => a.id),
      total: percent(r.total),
      lastActivity: r.lastActivity?.toISOString() ?? null,
    })),
  };
}

export function gradebookCsv(book: Gradebook): string {
  const titles = new Map(book.assignments.map((a) => [a.id, a.title]));
  const header = [
    'Name',
    'Email',
    ...book.assignments.map((a) => `${a.title} (due ${a.dueAt.slice(0, 10)})`),
    'Total (%)',
    'Late',
    'Last activity (UTC)',
  ];
  const body = book.students.map((s) => [
    s.name,
    s.email,
    ...s.scores,
    s.total,
    s.late.map((id) => titles.get(id) ?? id).join('; '),
    s.lastActivity ?? '',
  ]);
  return toCsv([header, ...body]);
}

/** A download name made of safe characters only (the cohort name is user input). */
export function gradebookFileName(book: Gradebook): string {
  const slug = book.cohort.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'cohort';
  return `gradebook-${slug}-${book.generatedAt.slice(0, 10)}.csv`;
}

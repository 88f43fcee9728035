import { z } from 'zod';
import { scoreCell, type Cell, type CellAggregate, type LatePolicy } from './late-policy';

/** "Struggling": stalled for this many days, or this many failed attempts on an unpassed assignment. */
export const STRUGGLING = { idleDays: 7, failedAttempts: 5 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export const SORT_KEYS = ['name', 'email', 'total', 'last', 'late', 'joined'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * The dashboard's query string. Unknown parameters (a `userId`, say) are dropped, and anything
 * malformed falls back to its default rather than failing the page.
 */
export const MatrixQuerySchema = z.object({
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000).catch(1)).default(1),
  size: z.preprocess(firstValue, z.coerce.number().int().min(10).max(200).catch(50)).default(50),
  sort: z.preprocess(firstValue, z.enum(SORT_KEYS).catch('name')).default('name'),
  dir: z.preprocess(firstValue, z.enum(['asc', 'desc']).catch('asc')).default('asc'),
  q: z.preprocess(firstValue, z.string().trim().max(100).catch('')).default(''),
  struggling: z.preprocess((v) => ['1', 'true', 'on'].includes(String(firstValue(v))), z.boolean()).default(false),
});
export type MatrixQuery = z.infer<typeof MatrixQuerySchema>;

export function parseMatrixQuery(raw: Record<string, unknown>): MatrixQuery {
  return MatrixQuerySchema.parse(raw);
}

export type StudentInfo = { userId: string; name: string; email: string; joinedAt: Date };
export type AssignmentInfo = { id: string; title: string; dueAt: Date };

export type StudentRow = StudentInfo & {
  /** Aligned with the assignments array. */
  cells: Cell[];
  /** This student's extended due date per assignment, if any (aligned with cells). */
  extensions: Array<Date | null>;
  /** Mean counted score over all assignments (0..1); a missing assignment counts 0. */
  total: number;
  passedCount: number;
  lateCount: number;
  lastActivity: Date | null;
  /** Why the student counts as struggling; empty when they do not. */
  struggling: string[];
};

export function cellKey(userId: string, assignmentId: string): string {
  return `${userId}\u0000${assignmentId}`;
}

export function buildRows(
  students: ReadonlyArray<StudentInfo>,
  assignments: ReadonlyArray<AssignmentInfo>,
  aggregates: ReadonlyMap<string, CellAggregate>,
  policy: LatePolicy,
  now: Date,
  extensions: ReadonlyMap<string, Date> = new Map(),
): StudentRow[] {
  return students.map((student) => {
    const cells = assignments.map((a) => scoreCell(aggregates.get(cellKey(student.userId, a.id)), policy));
    const extended = assignments.map((a) => extensions.get(cellKey(student.userId, a.id)) ?? null);
    let lastActivity: Date | null = null;
    for (const cell of cells) if (cell.lastAt && (!lastActivity || cell.lastAt > lastActivity)) lastActivity = cell.lastAt;
    const total = assignments.length ? cells.reduce((sum, c) => sum + c.counted, 0) / assignments.length : 0;
    const row: StudentRow = {
      userId: student.userId,
      name: student.name,
      email: student.email,
      joinedAt: student.joinedAt,
      cells,
      extensions: extended,
      total,
      passedCount: cells.filter((c) => c.passed).length,
      lateCount: cells.filter((c) => c.late).length,
      lastActivity,
      struggling: [],
    };
    row.struggling = strugglingReasons(row, assignments, now);
    return row;
  });
}

/**
 * Stalled: behind (an assignment past this student's due date and not passed) and no graded work
 * for the idle window. Stuck: many failed attempts on an unpassed assignment. Work not yet due
 * never makes anyone "struggling".
 */
function strugglingReasons(row: StudentRow, assignments: ReadonlyArray<AssignmentInfo>, now: Date): string[] {
  const reasons: string[] = [];
  const overdue = row.cells.filter((cell, i) => !cell.passed && (row.extensions[i] ?? assignments[i]!.dueAt) < now).length;
  const since = row.lastActivity ?? row.joinedAt;
  const idle = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  if (overdue > 0 && idle >= STRUGGLING.idleDays) {
    const what = `${overdue} overdue assignment${overdue === 1 ? '' : 's'}`;
    reasons.push(row.lastActivity ? `No graded work for ${idle} days, ${what}` : `No graded work since joining ${idle} days ago, ${what}`);
  }
  row.cells.forEach((cell, i) => {
    if (!cell.passed && cell.failures >= STRUGGLING.failedAttempts) {
      reasons.push(`${cell.failures} failed attempts on ${assignments[i]!.title}`);
    }
  });
  return reasons;
}

export type MatrixPage = { rows: StudentRow[]; matching: number; page: number; pageCount: number };

/** Search, filter, sort and page in one pass over the cohort's rows (ties break on name, then id). */
export function queryRows(rows: ReadonlyArray<StudentRow>, query: MatrixQuery): MatrixPage {
  const needle = query.q.toLowerCase();
  const filtered = rows.filter(
    (r) =>
      (!needle || r.name.toLowerCase().includes(needle) || r.email.toLowerCase().includes(needle)) &&
      (!query.struggling || r.struggling.length > 0),
  );
  const sign = query.dir === 'asc' ? 1 : -1;
  const primary = comparator(query.sort);
  filtered.sort((a, b) => sign * primary(a, b) || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  const pageCount = Math.max(1, Math.ceil(filtered.length / query.size));
  const page = Math.min(query.page, pageCount);
  return {
    rows: filtered.slice((page - 1) * query.size, page * query.size),
    matching: filtered.length,
    page,
    pageCount,
  };
}

function comparator(sort: SortKey): (a: StudentRow, b: StudentRow) => number {
  const time = (d: Date | null): number => (d ? d.getTime() : -Infinity);
  switch (sort) {
    case 'name':
      return (a, b) => a.name.localeCompare(b.name);
    case 'email':
      return (a, b) => a.email.localeCompare(b.email);
    case 'total':
      return (a, b) => a.total - b.total;
    case 'late':
      return (a, b) => a.lateCount - b.lateCount;
    case 'joined':
      return (a, b) => a.joinedAt.getTime() - b.joinedAt.getTime();
    case 'last':
      return (a, b) => {
        const x = time(a.lastActivity);
        const y = time(b.lastActivity);
        return x === y ? 0 : x < y ? -1 : 1;
      };
  }
}

export type AssignmentStats = {
  assignmentId: string;
  attempted: number;
  passed: number;
  /** Share of the cohort's students who passed (0..1). */
  passRate: number;
  /** Median graded attempts among students who attempted; null when nobody has. */
  medianAttempts: number | null;
  late: number;
};

export function assignmentStats(rows: ReadonlyArray<StudentRow>, assignments: ReadonlyArray<AssignmentInfo>): AssignmentStats[] {
  return assignments.map((a, i) => {
    const cells = rows.map((r) => r.cells[i]!);
    const attempts = cells.filter((c) => c.attempts > 0).map((c) => c.attempts);
    const passed = cells.filter((c) => c.passed).length;
    return {
      assignmentId: a.id,
      attempted: attempts.length,
      passed,
      passRate: rows.length ? passed / rows.length : 0,
      medianAttempts: median(attempts),
      late: cells.filter((c) => c.late).length,
    };
  });
}

export function median(values: ReadonlyArray<number>): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

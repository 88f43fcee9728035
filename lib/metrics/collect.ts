import 'server-only';
import type { Db } from '@/lib/db/client';
import { LATENCY_WINDOW, type MetricsSnapshot } from './format';

/**
 * Reads the metrics with indexed queries only: Submission(status, createdAt) for the queue,
 * Submission(outcome) for the outcome counts, Submission(gradedAt) for the latency window.
 */
export async function collectMetrics(db: Db, window = LATENCY_WINDOW): Promise<MetricsSnapshot> {
  const [pending, grading, byOutcome, recent] = await Promise.all([
    db.submission.count({ where: { status: 'PENDING' } }),
    db.submission.count({ where: { status: 'GRADING' } }),
    db.submission.groupBy({ by: ['outcome'], _count: { _all: true } }),
    db.submission.findMany({
      where: { gradedAt: { not: null } },
      orderBy: { gradedAt: 'desc' },
      take: window,
      select: { createdAt: true, gradedAt: true },
    }),
  ]);
  const outcomes: Record<string, number> = {};
  for (const row of byOutcome) outcomes[row.outcome ?? 'none'] = row._count._all;

  const latenciesSeconds = recent.map((r) => (r.gradedAt!.getTime() - r.createdAt.getTime()) / 1000);
  const errorVerdicts: Record<string, number> = {};
  const oldest = recent.at(-1)?.gradedAt;
  if (oldest) {
    // only the error rows of the window carry a verdict; their result JSON is small
    const errors = await db.submission.findMany({
      where: { gradedAt: { gte: oldest }, outcome: 'error' },
      orderBy: { gradedAt: 'desc' },
      take: window,
      select: { result: true },
    });
    for (const { result } of errors) {
      const verdict = readVerdict(result);
      errorVerdicts[verdict] = (errorVerdicts[verdict] ?? 0) + 1;
    }
  }
  return { queue: { PENDING: pending, GRADING: grading }, outcomes, latenciesSeconds, errorVerdicts };
}

function readVerdict(result: string | null): string {
  if (!result) return 'UNKNOWN';
  try {
    const verdict = (JSON.parse(result) as { verdict?: unknown }).verdict;
    return typeof verdict === 'string' && /^[A-Z_]{1,40}$/.test(verdict) ? verdict : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
}

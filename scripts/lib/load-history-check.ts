import type { Row } from './load-db-reader';

/** One submit request of a load run, as the generator saw it (ok = 202, fail = refused for sure, info = unknown). */
export type SubmitRecord = { learner: number; userId: string; key: string; outcome: 'ok' | 'fail' | 'info'; id?: string; status?: number };

export type HistoryCheck = {
  problems: string[];
  acknowledged: number;
  lost: number;
  notGraded: number;
  duplicated: number;
  unacknowledged: number;
  fromInfo: number;
};

/**
 * The Jepsen-style check of a load run: every acknowledged submission exists exactly once and is
 * finally graded; no row exists for a refused request, none is duplicated under one idempotency
 * key; a request whose outcome is unknown may or may not have a row, but a row it has is graded.
 * `rows` are all submissions of the run's learners, as the database holds them after the drain.
 */
export function checkHistory(rows: ReadonlyArray<Row>, submits: ReadonlyArray<SubmitRecord>): HistoryCheck {
  const problems: string[] = [];
  const byId = new Map<string, Row[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const byKey = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.idempotencyKey === null) {
      problems.push(`row ${r.id} has no idempotency key (never sent by this run)`);
      continue;
    }
    const k = `${r.userId}|${r.idempotencyKey}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const submitsByKey = new Map<string, SubmitRecord>();
  for (const s of submits) submitsByKey.set(`${s.userId}|${s.key}`, s);
  const acked = submits.filter((s) => s.outcome === 'ok');
  let lost = 0;
  let notGraded = 0;
  for (const s of acked) {
    const found = byId.get(s.id!) ?? [];
    if (found.length !== 1) {
      lost++;
      problems.push(`acknowledged ${s.id} (key ${s.key}) found ${found.length} times`);
      continue;
    }
    const r = found[0]!;
    if (r.userId !== s.userId || r.idempotencyKey !== s.key) problems.push(`acknowledged ${s.id} belongs to another user/key`);
    if (r.status !== 'DONE' || !r.outcome || r.gradedAt === null) {
      notGraded++;
      problems.push(`acknowledged ${s.id} not finally graded: status ${r.status}, outcome ${r.outcome}`);
    }
  }
  let duplicated = 0;
  let unacknowledged = 0;
  let fromInfo = 0;
  for (const [k, group] of byKey) {
    if (group.length > 1) {
      duplicated += group.length - 1;
      problems.push(`idempotency key ${k} has ${group.length} rows`);
    }
    const s = submitsByKey.get(k);
    if (!s) {
      unacknowledged += group.length;
      problems.push(`row ${group[0]!.id} matches no request of this run`);
    } else if (s.outcome === 'fail') {
      unacknowledged += group.length;
      problems.push(`row ${group[0]!.id} exists although its request was refused (${s.status})`);
    } else if (s.outcome === 'info') {
      fromInfo += group.length;
      if (group.some((r) => r.status !== 'DONE' || !r.outcome)) problems.push(`row ${group[0]!.id} (unknown-outcome request) not graded`);
    }
  }
  return { problems, acknowledged: acked.length, lost, notGraded, duplicated, unacknowledged, fromInfo };
}

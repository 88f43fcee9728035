import path from 'node:path';

/**
 * Read-only access to the database under load for `npm run bench:load` (queue depth, in-flight
 * rows, the history check). Plain drivers, not the app's Prisma client: the benchmark observes the
 * app from outside and must not share its code paths.
 */
export type Row = { id: string; userId: string; idempotencyKey: string | null; status: string; outcome: string | null; gradedAt: Date | number | string | null; createdAt: Date | number | string };
export type DbReader = { pending: () => Promise<number>; inFlight: (userIds: string[]) => Promise<number>; rows: (userIds: string[]) => Promise<Row[]>; userIds: (emails: string[]) => Promise<Map<string, string>>; close: () => Promise<void> };

export async function openLoadDb(url: string, root: string): Promise<DbReader> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    return {
      pending: async () => Number((await pool.query(`SELECT COUNT(*) AS n FROM "Submission" WHERE status = 'PENDING'`)).rows[0].n),
      inFlight: async (ids) => Number((await pool.query(`SELECT COUNT(*) AS n FROM "Submission" WHERE status <> 'DONE' AND "userId" = ANY($1)`, [ids])).rows[0].n),
      rows: async (ids) => (await pool.query(`SELECT id, "userId", "idempotencyKey", status, outcome, "gradedAt", "createdAt" FROM "Submission" WHERE "userId" = ANY($1)`, [ids])).rows as Row[],
      userIds: async (emails) => new Map((await pool.query(`SELECT id, email FROM "User" WHERE email = ANY($1)`, [emails])).rows.map((r) => [r.email as string, r.id as string])),
      close: () => pool.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const file = path.resolve(root, url.replace(/^file:/, ''));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');
  return {
    pending: async () => (db.prepare(`SELECT COUNT(*) AS n FROM "Submission" WHERE status = 'PENDING'`).get() as { n: number }).n,
    inFlight: async (ids) => (db.prepare(`SELECT COUNT(*) AS n FROM "Submission" WHERE status <> 'DONE' AND "userId" IN (${inList(ids.length)})`).get(...ids) as { n: number }).n,
    rows: async (ids) => db.prepare(`SELECT id, "userId", "idempotencyKey", status, outcome, "gradedAt", "createdAt" FROM "Submission" WHERE "userId" IN (${inList(ids.length)})`).all(...ids) as Row[],
    userIds: async (emails) => new Map((db.prepare(`SELECT id, email FROM "User" WHERE email IN (${inList(emails.length)})`).all(...emails) as { id: string; email: string }[]).map((r) => [r.email, r.id])),
    close: async () => {
      db.close();
    },
  };
}
export const toMs = (v: Date | number | string) => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v));

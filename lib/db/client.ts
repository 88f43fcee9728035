import 'server-only';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { env, isPostgresUrl } from '@/lib/env';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgres/client';
import { guardSqliteWal, type WalGuardSettings } from './wal-guard';

/**
 * Both generated clients come from one schema (prisma/schema.prisma) and differ only in provider,
 * so their query APIs are identical; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  // WAL + NORMAL survives process crashes (kill -9); FULL would also survive power loss at a
  // write-latency cost. docs/decisions/003-sqlite-durability.md records the choice.
  synchronous: 1,
  busy_timeout: 5000,
  foreign_keys: 1,
} as const;

type Holder = { promise?: Promise<Db>; url?: string };
const holder: Holder = ((globalThis as { __dbHolder?: Holder }).__dbHolder ??= {});

/** One client per process (dev hot reloads reuse it), initialised and checked before first use. */
export function getDb(url = env().DATABASE_URL): Promise<Db> {
  if (!holder.promise || holder.url !== url) {
    holder.url = url;
    // The app's database takes its WAL threshold from the environment; createDb callers pass theirs.
    holder.promise = connect(url, { walGuard: { thresholdBytes: env().SQLITE_WAL_CHECKPOINT_MB * 1024 * 1024 } });
  }
  return holder.promise;
}

export type Dialect = 'sqlite' | 'postgres';

export type CreateDbOptions = {
  /** Lets a caller see every SQL statement (benchmarks print their query plans). */
  onQuery?: (sql: string, params: string) => void;
  /**
   * SQLite: overrides for the WAL guard (lib/db/wal-guard.ts), or false for none (a test's control
   * run). getDb sets the threshold from SQLITE_WAL_CHECKPOINT_MB; createDb does not read the
   * environment (tests point DATABASE_URL at their database after creating it).
   */
  walGuard?: Partial<WalGuardSettings> | false;
};

const dialects = new WeakMap<object, Dialect>();

/**
 * The few raw queries (date buckets) differ by dialect; everything else goes through the shared API.
 */
export function dialectOf(db: Db): Dialect {
  return dialects.get(db) ?? 'sqlite';
}

export async function createDb(url: string, options: CreateDbOptions = {}): Promise<Db> {
  return connect(url, options);
}

async function connect(url: string, options: CreateDbOptions = {}): Promise<Db> {
  const log: Array<{ emit: 'event'; level: 'query' }> = options.onQuery ? [{ emit: 'event', level: 'query' }] : [];
  const onQuery = options.onQuery;
  if (isPostgresUrl(url)) {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log });
    if (onQuery) client.$on('query', (e) => onQuery(e.query, e.params));
    await client.$queryRawUnsafe('SELECT 1');
    dialects.set(client, 'postgres');
    // Same schema, same generated API; only the provider differs (see Db above).
    return client as unknown as Db;
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }), log });
  if (onQuery) client.$on('query', (e) => onQuery(e.query, e.params));
  await applySqlitePragmas(client);
  if (options.walGuard !== false) await guardWal(client, url, options.walGuard);
  dialects.set(client, 'sqlite');
  return client;
}

async function guardWal(client: SqliteClient, url: string, settings: Partial<WalGuardSettings> = {}): Promise<void> {
  const guard = await guardSqliteWal(client, url, settings);
  if (!guard) return;
  // A query after $disconnect would quietly open the file again, so the guard ends with its client.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    guard.stop();
    await disconnect();
  };
}

async function applySqlitePragmas(client: SqliteClient): Promise<void> {
  await client.$queryRawUnsafe(`PRAGMA journal_mode = WAL`);
  await client.$executeRawUnsafe(`PRAGMA synchronous = NORMAL`);
  await client.$executeRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`);
  await client.$executeRawUnsafe(`PRAGMA foreign_keys = ON`);
  const actual = await readSqlitePragmas(client);
  for (const [name, expected] of Object.entries(SQLITE_PRAGMAS)) {
    const value = actual[name as keyof typeof SQLITE_PRAGMAS];
    const ok = name === 'busy_timeout' ? Number(value) >= Number(expected) : String(value) === String(expected);
    if (!ok) throw new Error(`SQLite pragma ${name} is ${String(value)}, expected ${String(expected)}`);
  }
}

export async function readSqlitePragmas(
  client: SqliteClient,
): Promise<Record<keyof typeof SQLITE_PRAGMAS, string | number>> {
  const out: Record<string, string | number> = {};
  for (const name of Object.keys(SQLITE_PRAGMAS)) {
    const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(`PRAGMA ${name}`);
    const first = rows[0] ?? {};
    const raw = Object.values(first)[0];
    out[name] = typeof raw === 'bigint' ? Number(raw) : (raw as string | number);
  }
  return out as Record<keyof typeof SQLITE_PRAGMAS, string | number>;
}

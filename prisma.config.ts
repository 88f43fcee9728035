import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

// The CLI runs on the WebAssembly schema engine through a driver adapter: nothing is downloaded.
// DATABASE_URL decides the target; `file:` is the embedded default.
const url = process.env.DATABASE_URL ?? 'file:./data/app.db';
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: isPostgres ? path.join('prisma', 'postgres', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  migrations: {
    path: isPostgres ? path.join('prisma', 'postgres', 'migrations') : path.join('prisma', 'migrations'),
  },
  async adapter() {
    if (isPostgres) return new PrismaPg({ connectionString: url });
    return new PrismaBetterSQLite3({ url });
  },
});

/**
 * Writes prisma/postgres/schema.prisma from prisma/schema.prisma. A Prisma schema has one
 * provider; we keep one source and derive the PostgreSQL copy so the two can never drift.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const source = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
const derived = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('url      = "file:./placeholder.db"', 'url      = "postgresql://placeholder"')
  .replace('output     = "../lib/db/generated/sqlite"', 'output     = "../../lib/db/generated/postgres"')
  .replace(/^\/\/ Source of truth[\s\S]*?\n\n/, '// GENERATED from prisma/schema.prisma by scripts/db-schemas.ts. Do not edit.\n\n');
if (derived === source || !derived.includes('postgresql')) {
  throw new Error('scripts/db-schemas.ts: the datasource or generator block no longer matches; update the script.');
}
mkdirSync(path.join(root, 'prisma', 'postgres'), { recursive: true });
const target = path.join(root, 'prisma', 'postgres', 'schema.prisma');
const check = process.argv.includes('--check');
if (check) {
  const current = readFileSync(target, 'utf8');
  if (current !== derived) {
    console.error('prisma/postgres/schema.prisma is out of date: run `npm run db:schemas`.');
    process.exit(1);
  }
} else {
  writeFileSync(target, derived);
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Crash tests (issue 6): they start the production build, so `npm test` runs them after
 * `next build` (scripts/test-all.sh). One file at a time: they own ports 3600-3610 (the
 * concurrency test 3620-3621) and, for the PostgreSQL one, restart the local server.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      'server-only': fileURLToPath(new URL('./test/setup/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/crash/**/*.crash.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { RunnerHarness } from './runner-harness';

/**
 * A bare page for the browser-runner e2e tests: exposes window.__runInBrowser. Off in production
 * unless ENABLE_TEST_HARNESS=1, checked per request so a production build cannot bake it in.
 */
export default async function RunnerHarnessPage() {
  await connection();
  if (process.env.NODE_ENV === 'production' && process.env.ENABLE_TEST_HARNESS !== '1') notFound();
  return (
    <main>
      <h1>Runner harness</h1>
      <RunnerHarness />
    </main>
  );
}

import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { ExerciseWorkspace, type ExerciseWorkspaceProps } from './exercise-workspace';

// The page server-renders the workspace: it must not touch window/localStorage while rendering, and
// the hooks e2e tests rely on must be in the first HTML.
const props: ExerciseWorkspaceProps = {
  meta: {
    uuid: '7d0a3f0e-4b7c-4a39-9a0c-2f5b0d1f8e11',
    slug: 'label-spreading',
    title: 'Label spreading',
    summary: 'Spread labels over a graph.',
    tasks: [
      { id: 1, title: 'Affinity matrix' },
      { id: 2, title: 'Spread labels' },
    ],
    exports: [{ name: 'spread', signature: 'spread(x: tf.Tensor2D): tf.Tensor1D' }],
    seed: 1,
    timeLimitMs: 10_000,
    solutionAfterAttempts: 5,
  },
  starter: 'export const x = 1;',
  draft: null,
  hints: [{ task: 1, title: 'Distances', items: ['Use `tf.sum`', 'Second'] }],
  signedIn: true,
  submissions: [{ id: 's1', status: 'DONE', score: 0.5, createdAt: '2026-01-01T00:00:00.000Z' }],
};

test('server-renders with the stable test ids and accessible controls', () => {
  const html = renderToString(createElement(ExerciseWorkspace, props)).replace(/<!-- -->/g, '');
  for (const id of ['editor', 'save-status', 'run-status', 'task-1', 'hints-task-1']) {
    expect(html).toContain(`data-testid="${id}"`);
  }
  expect(html).toMatch(/<button[^>]*>Run/);
  expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Stop<\/button>/);
  expect(html).toMatch(/<button[^>]*>Submit<\/button>/);
  expect(html).toMatch(/<button[^>]*>Reset<\/button>/);
  expect(html).toContain('Show hint 1 of 2 for task 1');
  expect(html).toContain('role="tablist"');
});

test('signed out: Submit becomes a link to sign in and drafts stay local', () => {
  const html = renderToString(createElement(ExerciseWorkspace, { ...props, signedIn: false }));
  expect(html).toMatch(/<a[^>]*href="\/sign-in"[^>]*>Sign in to submit<\/a>/);
  expect(html).toContain('Saved in this browser');
});

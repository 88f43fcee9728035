import { GradeResultSchema } from '@/lib/grading/result-schema';

/** Graded submissions read per exercise and page view: the panel describes recent work, cheaply. */
export const RECENT_RESULTS_PER_EXERCISE = 200;
const SAMPLES_PER_TEST = 3;
const SAMPLE_CHARS = 300;

export type FailingTest = {
  testId: string;
  name: string;
  failures: number;
  /** Submissions (of those read) whose grade ran this test. */
  seen: number;
  /** Distinct failure messages, most frequent first. */
  samples: string[];
};

/**
 * Which tests fail most across the given grade results (Submission.result JSON). Results that do
 * not parse are skipped: an old or corrupt row must not break the instructor's page.
 */
export function summarizeFailingTests(resultsJson: ReadonlyArray<string>, limit = 10): { read: number; tests: FailingTest[] } {
  const byId = new Map<string, { name: string; failures: number; seen: number; messages: Map<string, number> }>();
  let read = 0;
  for (const json of resultsJson) {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      continue;
    }
    const parsed = GradeResultSchema.safeParse(raw);
    if (!parsed.success) continue;
    read++;
    for (const test of parsed.data.tests) {
      const entry = byId.get(test.id) ?? { name: test.name, failures: 0, seen: 0, messages: new Map<string, number>() };
      entry.seen++;
      if (test.status !== 'pass') {
        entry.failures++;
        const message = test.message.trim().slice(0, SAMPLE_CHARS) || '(no message)';
        entry.messages.set(message, (entry.messages.get(message) ?? 0) + 1);
      }
      byId.set(test.id, entry);
    }
  }
  const tests = [...byId.entries()]
    .filter(([, e]) => e.failures > 0)
    .map(([testId, e]) => ({
      testId,
      name: e.name,
      failures: e.failures,
      seen: e.seen,
      samples: [...e.messages.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, SAMPLES_PER_TEST)
        .map(([m]) => m),
    }))
    .sort((a, b) => b.failures - a.failures || a.testId.localeCompare(b.testId))
    .slice(0, limit);
  return { read, tests };
}

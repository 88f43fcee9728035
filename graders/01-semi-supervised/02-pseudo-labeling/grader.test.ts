import { expect, test } from 'vitest';
import { describeGraderContract } from '@/scripts/lib/grader-test-kit';
import { tests as hiddenTests } from './hidden';
import { tests as publicTests } from './public';

// In-process mutation testing of this grader (solution, starter, variants, mutants): see the kit.
// expected.ts holds float64 re-derivations for hidden.ts and must not ship to the browser either.
describeGraderContract('01-semi-supervised/02-pseudo-labeling', {
  serverOnly: ['expected.ts'],
  timeouts: { solution: 60_000, starter: 30_000, variants: 60_000, mutants: 180_000 },
});

test('never hands a label the learner must not see to the sandbox', () => {
  // Test labels and the true classes of unlabeled training points stay in `secret`: the probe
  // (learner side) can only report predictions, and accuracy is computed by the judge.
  for (const t of [...publicTests, ...hiddenTests].filter((x) => x.probe === 'moons')) {
    const { input } = t.prepare(1234);
    expect(Object.keys(input).sort(), t.id).toEqual(['X', 'Xtest', 'gamma', 'opts', 'stream', 'variants', 'y']);
    expect(input.y.filter((c: number) => c >= 0), t.id).toHaveLength(6);
  }
});

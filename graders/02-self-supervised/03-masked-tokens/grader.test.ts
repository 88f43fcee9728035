import { describeGraderContract } from '@/scripts/lib/grader-test-kit';

// In-process mutation testing of this grader (solution, starter, variants, mutants): see the kit.
describeGraderContract('02-self-supervised/03-masked-tokens', {
  timeouts: { solution: 60_000, starter: 30_000, variants: 60_000, mutants: 120_000 },
});

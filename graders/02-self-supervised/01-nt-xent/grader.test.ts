import { describeGraderContract } from '@/scripts/lib/grader-test-kit';

// In-process mutation testing of this grader (solution, starter, variants, mutants): see the kit.
describeGraderContract('02-self-supervised/01-nt-xent', {
  timeouts: { mutants: 60_000 },
});

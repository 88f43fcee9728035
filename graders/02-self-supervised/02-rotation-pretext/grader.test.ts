import { describeGraderContract } from '@/scripts/lib/grader-test-kit';

// In-process mutation testing of this grader (solution, starter, variants, mutants): see the kit.
describeGraderContract('02-self-supervised/02-rotation-pretext', {
  timeouts: { mutants: 60_000 },
});

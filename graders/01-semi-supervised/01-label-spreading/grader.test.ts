import { describeGraderContract } from '@/scripts/lib/grader-test-kit';

// In-process mutation testing of this grader (solution, starter, variants, mutants): see the kit.
describeGraderContract('01-semi-supervised/01-label-spreading');

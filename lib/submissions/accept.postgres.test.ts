import { acceptSubmissionTests } from './accept-cases';

acceptSubmissionTests('postgres');

import { acceptSubmissionTests } from './accept-cases';

acceptSubmissionTests('sqlite');

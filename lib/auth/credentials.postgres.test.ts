import { credentialsTests } from './credentials-cases';

credentialsTests('postgres');

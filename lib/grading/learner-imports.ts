/**
 * The only module learner code may import, in the browser runner and the server sandbox alike.
 * Its own file so that the grading child's bundle does not pull in the transpiler with it.
 */
export const ALLOWED_LEARNER_IMPORTS = ['@tensorflow/tfjs'] as const;

import { gaussian, mulberry32 } from '@/lib/datasets/prng';
import type { GradeResult } from '@/lib/grading/result-schema';

/**
 * A deterministic, plausible term of work for a demo cohort: students of varying ability and
 * diligence, weekly due dates, several attempts per exercise with rising scores, some late work,
 * a few "could not run" grades, a struggling minority that stalls, and a few extensions.
 */

export type DemoExercise = { uuid: string; title: string; tasks: string[]; starter: string };

export type DemoStudent = { index: number; name: string; joinedAt: Date; ability: number; stalls: boolean };
export type DemoSubmission = {
  student: number;
  exercise: number;
  createdAt: Date;
  outcome: 'pass' | 'fail' | 'error';
  score: number;
  code: string;
  result: GradeResult;
};
export type DemoTerm = {
  students: DemoStudent[];
  dueDates: Date[];
  submissions: DemoSubmission[];
  extensions: Array<{ student: number; exercise: number; dueAt: Date }>;
};

const DAY = 24 * 60 * 60 * 1000;
const TESTS_PER_EXERCISE = 10;
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Farah', 'Goran', 'Hana', 'Ilse', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Noor', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoë'];
const LAST = ['Abara', 'Becker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Ueda', 'Varga', 'Wójcik', 'Yilmaz', 'Zhou'];
const FAILURES = [
  (t: string) => `${t}: expected shape [4,4], got [4,3]`,
  (t: string) => `${t}: values differ from the reference by up to 0.37 (tolerance 1e-3)`,
  (t: string) => `${t}: returned NaN for an isolated point; guard the division`,
  (t: string) => `${t}: the result leaks 2 tensors; wrap the work in tf.tidy`,
  (t: string) => `${t}: rows must sum to 1 after normalisation`,
];

export function generateDemoTerm(exercises: ReadonlyArray<DemoExercise>, count: number, now: Date, seed = 1): DemoTerm {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const termStart = now.getTime() - 35 * DAY;
  const dueDates = exercises.map((_, i) => new Date(Math.floor((termStart + 7 * (i + 1) * DAY) / DAY) * DAY + 17 * 60 * 60 * 1000));
  const students: DemoStudent[] = Array.from({ length: count }, (_, index) => ({
    index,
    name: `${FIRST[index % FIRST.length]} ${LAST[Math.floor(index / FIRST.length) % LAST.length]}${index >= FIRST.length * LAST.length ? ` ${Math.floor(index / (FIRST.length * LAST.length)) + 1}` : ''}`,
    joinedAt: new Date(termStart + rand() * 6 * DAY),
    ability: clamp(0.6 + 0.22 * normal()),
    stalls: rand() < 0.06,
  }));
  const submissions: DemoSubmission[] = [];
  const extensions: DemoTerm['extensions'] = [];
  for (const student of students) {
    const diligence = clamp(0.7 + 0.25 * normal());
    const stallAt = termStart + (12 + rand() * 10) * DAY;
    exercises.forEach((exercise, e) => {
      const due = dueDates[e]!.getTime();
      const soon = due - now.getTime() > 7 * DAY;
      // Assigned work is mostly attempted; the diligent attempt almost everything.
      const p = soon ? 0.12 * diligence : 0.78 + 0.2 * diligence - 0.02 * e;
      if (rand() > p) return;
      const late = rand() < 0.08;
      let t = late ? due + rand() * 3 * DAY : due - (0.2 + rand() * 5.5) * DAY;
      let passed = Math.round(TESTS_PER_EXERCISE * clamp(0.25 + 0.5 * student.ability + 0.1 * normal()));
      for (let attempt = 1; attempt <= 14; attempt++) {
        if (t > now.getTime() || (student.stalls && t > stallAt) || t < student.joinedAt.getTime()) break;
        const error = rand() < 0.03;
        const score = error ? 0 : passed / TESTS_PER_EXERCISE;
        submissions.push({
          student: student.index,
          exercise: e,
          createdAt: new Date(t),
          outcome: error ? 'error' : passed === TESTS_PER_EXERCISE ? 'pass' : 'fail',
          score,
          code: codeVariant(exercise.starter, attempt, passed),
          result: error ? errorResult() : result(exercise, passed),
        });
        if (!error && passed === TESTS_PER_EXERCISE && rand() < 0.9) break;
        const gain = student.stalls ? (rand() < 0.3 ? 1 : 0) : Math.max(0, Math.round(1 + 2.5 * student.ability + normal()));
        passed = Math.min(TESTS_PER_EXERCISE, passed + gain);
        t += (0.01 + rand() * 0.3) * DAY;
      }
    });
    if (rand() < 0.02 && exercises.length) {
      const exercise = Math.floor(rand() * exercises.length);
      extensions.push({ student: student.index, exercise, dueAt: new Date(dueDates[exercise]!.getTime() + 3 * DAY) });
    }
  }
  return { students, dueDates, submissions, extensions };
}

/** The harder tests (higher index) fail first, so "tests that fail most" has a realistic shape. */
function result(exercise: DemoExercise, passed: number): GradeResult {
  const tests = Array.from({ length: TESTS_PER_EXERCISE }, (_, i) => {
    const task = exercise.tasks[i % exercise.tasks.length] ?? 'Task';
    const name = `${task} (${i + 1})`;
    const ok = i < passed;
    return {
      id: `t${String(i + 1).padStart(2, '0')}`,
      name,
      task: (i % Math.max(1, exercise.tasks.length)) + 1,
      status: ok ? ('pass' as const) : ('fail' as const),
      message: ok ? '' : FAILURES[i % FAILURES.length]!(name),
      points: ok ? 1 : 0,
      maxPoints: 1,
    };
  });
  return {
    version: 1,
    status: passed === TESTS_PER_EXERCISE ? 'pass' : 'fail',
    score: passed / TESTS_PER_EXERCISE,
    tests,
    graderVersion: 'demo',
    durationMs: 800,
  };
}

function errorResult(): GradeResult {
  return { version: 1, status: 'error', verdict: 'TIMEOUT', score: 0, message: 'Stopped after the 10 s time limit.', tests: [], graderVersion: 'demo', durationMs: 10_000 };
}

/** The starter with a few edited lines, different per attempt, so diffs between attempts show something. */
function codeVariant(starter: string, attempt: number, passed: number): string {
  const lines = starter.split('\n');
  const notes = [`// attempt ${attempt}: ${passed} of ${TESTS_PER_EXERCISE} tests passing`];
  if (attempt > 1) notes.push(`// changed since attempt ${attempt - 1}: normalise before dividing`);
  const at = Math.min(lines.length, 4 + attempt * 3);
  return [...lines.slice(0, at), ...notes, ...lines.slice(at)].join('\n');
}

/**
 * npm run regrade -- [--exercise <slug|uuid>] [--dry-run] [--yes]
 * Re-runs stored submissions whose grader version differs from the current one, shows whose
 * scores would change (and the median change) before anything is written, then applies the new
 * grades only with --yes (or after confirming on a terminal). Error grades ("could not grade")
 * never replace a real grade.
 */
import { createInterface } from 'node:readline/promises';
import { getDb } from '../lib/db/client';
import { ensureGraderVersion } from '../lib/db/grading-jobs';
import { applyRegrade, selectGradedSubmissions, type RegradeCandidate } from '../lib/db/submissions';
import { findExercise, listExercises, loadGrader } from '../lib/grading/grader-registry.server';
import type { GradeResult } from '../lib/grading/result-schema';
import { closeDefaultPool } from '../lib/grading/sandbox/pool';
import { gradeCode } from '../lib/grading/server-grade';

const args = process.argv.slice(2);
const exerciseRef = args.includes('--exercise') ? args[args.indexOf('--exercise') + 1] : undefined;
const dryRun = args.includes('--dry-run');
const assumeYes = args.includes('--yes');

const exercises = exerciseRef ? [await findExercise(exerciseRef)] : await listExercises();
const db = await getDb();
type Change = { candidate: RegradeCandidate; result: GradeResult; version: string };
const changes: Change[] = [];
let examined = 0;
let unchanged = 0;

for (const exercise of exercises) {
  const version = (await loadGrader(exercise)).version;
  let afterId: string | undefined;
  for (;;) {
    const page = await selectGradedSubmissions(db, { exerciseUuid: exercise.meta.uuid, take: 200, ...(afterId ? { afterId } : {}) });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    for (const candidate of page.filter((c) => c.graderVersionId !== version)) {
      examined++;
      const result = await gradeCode({ exercise: exercise.meta.uuid, code: candidate.code });
      if (result.status === 'error' && candidate.outcome !== 'error') {
        console.log(`  ! ${candidate.userEmail} ${exercise.meta.slug} ${candidate.id}: new grader could not grade (${result.verdict}); kept the old grade`);
        continue;
      }
      if (result.score === candidate.score && result.status === candidate.outcome) unchanged++;
      changes.push({ candidate, result, version });
    }
  }
}

const moved = changes.filter((c) => c.result.score !== c.candidate.score || c.result.status !== c.candidate.outcome);
console.log(`\nRe-graded ${examined} submission(s) graded by an older grader version: ${moved.length} score(s) would change, ${unchanged} unchanged.`);
for (const { candidate, result } of moved) {
  const before = candidate.score === null ? '—' : `${Math.round(candidate.score * 100)}%`;
  console.log(`  ${candidate.userEmail.padEnd(32)} ${candidate.exerciseUuid.slice(0, 8)} ${candidate.id}  ${before} → ${Math.round(result.score * 100)}%`);
}
if (moved.length) {
  const deltas = moved.map((c) => c.result.score - (c.candidate.score ?? 0)).sort((a, b) => a - b);
  const median = deltas[Math.floor(deltas.length / 2)]!;
  console.log(`  median change ${(median * 100).toFixed(1)} points`);
}

let apply = !dryRun && changes.length > 0;
if (apply && !assumeYes) {
  if (!process.stdin.isTTY) {
    console.log('\nNothing written: pass --yes to apply (or run on a terminal to confirm).');
    apply = false;
  } else {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    apply = (await rl.question(`\nApply ${changes.length} new grade(s)? [y/N] `)).trim().toLowerCase() === 'y';
    rl.close();
  }
}
if (apply) {
  let written = 0;
  for (const { candidate, result, version } of changes) {
    await ensureGraderVersion(db, version, candidate.exerciseUuid);
    const ok = await applyRegrade(db, candidate.id, candidate.graderVersionId, {
      outcome: result.status,
      score: result.score,
      resultJson: JSON.stringify(result),
      graderVersionId: version,
    });
    if (ok) written++;
  }
  console.log(`Applied ${written} grade(s).`);
} else if (dryRun) {
  console.log('\nDry run: nothing written.');
}
await closeDefaultPool();
await db.$disconnect();

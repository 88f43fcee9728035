import type { Verdict } from '@/lib/grading/contract';
import { fail, fmt, labeledSets, split, staleTraining, type RunObservation, type ScoreRecord } from './checks';
import type { RunInput } from './probes';

// The heart of the grader: replays each round's scores and works out which examples h1 and then
// h2 should have added. Shipped to the browser with the public tests; no reference values here.

type Pick = { label: number; by: 'h1' | 'h2' };

/** Stable top-k: highest (or lowest) score first, ties in the order the learner scored them. */
function topK(cands: number[], score: Map<number, number>, k: number, highest: boolean): number[] {
  const sorted = [...cands].sort((a, b) => (highest ? score.get(b)! - score.get(a)! : score.get(a)! - score.get(b)!));
  return sorted.slice(0, k);
}

function expectedPicks(s1: ScoreRecord, s2: ScoreRecord, p: number, n: number): Map<number, Pick> | number {
  const sc1 = new Map(s1.rows.map((k, i) => [k, s1.p1[i]!]));
  const sc2 = new Map(s2.rows.map((k, i) => [k, s2.p1[i]!]));
  const picks = new Map<number, Pick>();
  const pos1 = topK(s1.rows, sc1, p, true);
  const neg1 = topK(s1.rows.filter((k) => !pos1.includes(k)), sc1, n, false);
  pos1.forEach((k) => picks.set(k, { label: 1, by: 'h1' }));
  neg1.forEach((k) => picks.set(k, { label: 0, by: 'h1' }));
  const rest = s1.rows.filter((k) => !picks.has(k));
  const unscored = rest.find((k) => !sc2.has(k));
  if (unscored !== undefined) return unscored;
  const pos2 = topK(rest, sc2, p, true);
  const neg2 = topK(rest.filter((k) => !pos2.includes(k)), sc2, n, false);
  pos2.forEach((k) => picks.set(k, { label: 1, by: 'h2' }));
  neg2.forEach((k) => picks.set(k, { label: 0, by: 'h2' }));
  return picks;
}

/** Each round, h1 then h2 add their p most confident positives and n most confident negatives. */
export function checkPicks(obs: RunObservation, input: RunInput): Verdict | null {
  const { p, n } = input.opts;
  const { scores1, scores2 } = split(obs);
  const sets = labeledSets(obs);
  const perRound = 2 * (p + n);
  for (let r = 0; r < scores1.length; r++) {
    const before = sets[r]!;
    const after = sets[r + 1]!;
    for (const [k, l] of before) {
      if (after.get(k) === l) continue;
      const now = after.has(k) ? `label ${after.get(k)}` : 'no label';
      const where = r + 1 < scores1.length ? `in round ${r + 2}` : 'in the labels coTrain returned';
      return fail(
        `Example #${k} was trained on with label ${l} in round ${r + 1} but has ${now} ${where}. Once an ` +
          'example is labeled (given or picked) it keeps that label, and the result contains all of them.',
      );
    }
    const added = [...after].filter(([k]) => !before.has(k));
    const s1 = scores1[r]!;
    const sc1 = new Map(s1.rows.map((k, i) => [k, s1.p1[i]!]));
    const sc2 = new Map(scores2[r]!.rows.map((k, i) => [k, scores2[r]!.p1[i]!]));
    const stale = staleTraining(sets, r, scores1.length);
    if (stale) return stale;
    if (added.length !== perRound) {
      const pos = added.filter(([, l]) => l === 1).length;
      return fail(
        `Round ${r + 1} added ${added.length} examples to the labeled set (${pos} labeled 1, ` +
          `${added.length - pos} labeled 0). Each classifier adds its p = ${p} most confident positives and ` +
          `n = ${n} most confident negatives, so a round adds ${perRound}: ${2 * p} positives, ${2 * n} negatives. ` +
          'h2 picks after h1, from the pool examples h1 did not take.',
      );
    }
    const outside = added.find(([k]) => !sc1.has(k));
    if (outside) {
      return fail(
        `Example #${outside[0]} joined the labeled set in round ${r + 1} but was not in that round's pool. ` +
          'The classifiers label examples from the pool U′ only.',
      );
    }
    const want = expectedPicks(s1, scores2[r]!, p, n);
    if (typeof want === 'number') {
      return fail(
        `In round ${r + 1}, h2 never scored example #${want} of the pool, so it could not consider it. ` +
          'Score the pool (or what h1 left of it) with h2 as well.',
      );
    }
    const got = new Map(added);
    const missing = [...want].filter(([k, w]) => got.get(k) !== w.label);
    const extra = added.filter(([k, l]) => want.get(k)?.label !== l);
    // Exact ties may be broken either way: pair each unexpected pick with a tied expected one.
    const tied = (a: number, b: number) =>
      Math.abs(sc1.get(a)! - sc1.get(b)!) <= 1e-6 ||
      (sc2.has(a) && sc2.has(b) && Math.abs(sc2.get(a)! - sc2.get(b)!) <= 1e-6);
    const unpaired = extra.filter(([k, l]) => {
      const j = missing.findIndex(([m, w]) => w.label === l && tied(k, m));
      if (j < 0) return true;
      missing.splice(j, 1);
      return false;
    });
    if (unpaired.length > 0 || missing.length > 0) {
      const [k, w] = missing[0] ?? [-1, { label: -1, by: 'h1' as const }];
      const score = w.by === 'h1' ? sc1.get(k) : sc2.get(k);
      const shouldHave =
        k >= 0
          ? `${w.by} gave example #${k} P(y = 1) = ${fmt(score)}, so it should have added it with label ${w.label}. `
          : '';
      const instead = unpaired[0]
        ? `Added instead: #${unpaired[0][0]} with label ${unpaired[0][1]} (h1 gave it P(y = 1) = ` +
          `${fmt(sc1.get(unpaired[0][0]))}, h2 ${fmt(sc2.get(unpaired[0][0]))}). `
        : '';
      return fail(
        `Round ${r + 1}: ${shouldHave}${instead}Each classifier takes the p pool examples with the HIGHEST ` +
          'P(y = 1) as positives and the n with the LOWEST as negatives (its most confident ones); h1 picks ' +
          'first, then h2 from what is left.',
      );
    }
  }
  return null;
}

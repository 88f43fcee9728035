import { z } from 'zod';
import type { Verdict } from '@/lib/grading/contract';
import { mulberry32 } from '@/lib/datasets/prng';
import { MASK_ID, SPECIAL_IDS, VOCAB_SIZE, isSpecial, makeSentences } from '@/lib/datasets/synthetic-language';
import type { MaskOpts } from './corpus';

// Judging helpers shared by public.ts and hidden.ts. Shipped to the browser with the public tests,
// so nothing here may depend on the reference solution.

const cells = z.array(z.array(z.number().nullable()).max(64)).max(64);
export const maskCasesObservation = z.object({
  results: z
    .array(z.object({ input: cells, targets: cells, weights: cells, mutated: z.boolean(), rngCalls: z.number() }))
    .max(8),
});
export type MaskCasesObservation = z.infer<typeof maskCasesObservation>;

const count = z.number().int().nonnegative();
const statsReport = z.object({
  positions: count,
  eligible: count,
  chosen: count,
  chosenSpecial: count,
  badWeights: count,
  targetMismatch: count,
  unchosenChanged: count,
  specialChanged: count,
  masked: count,
  unchanged: count,
  randomized: count,
  randomInvalid: count,
  randomHist: z.array(count).max(1024),
  mutated: z.boolean(),
  rngCalls: count,
  ms: z.number(),
});
export type StatsReport = z.infer<typeof statsReport>;
export const statsObservation = z.object({ results: z.array(statsReport).min(1).max(4) });
export type StatsObservation = z.infer<typeof statsObservation>;

export const repeatObservation = z.object({ positions: count, sameSeedDiffer: count, otherSeedDiffer: count });

export const lossObservation = z.object({
  results: z
    .array(
      z.object({
        value: z.number().nullable(),
        shape: z.array(z.number().int()).max(8),
        leaked: z.number().int(),
        grad: z.array(z.number().nullable()).max(10_000).optional(),
      }),
    )
    .max(8),
});
export type LossObservation = z.infer<typeof lossObservation>;

export const trainObservation = z.object({
  losses: z.array(z.number().nullable()).max(1000),
  filled: z.array(z.number()).max(10_000),
});
export type TrainObservation = z.infer<typeof trainObservation>;

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });

export function closeTo(got: number, want: number, abs = 1e-4, rel = 1e-4): boolean {
  return Math.abs(got - want) <= abs + rel * Math.abs(want);
}

export const fmt = (v: number | null | undefined): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** The options of the colour-shape language used by most tests. */
export const LANGUAGE_OPTS: MaskOpts = {
  vocabSize: VOCAB_SIZE,
  maskId: MASK_ID,
  specialIds: [...SPECIAL_IDS],
  pMask: 0.15,
};

/**
 * Which positions were chosen and what happened around them: everything except the 80/10/10
 * split. Tolerance on the chosen share is absolute (0.005 = half a percentage point).
 */
export function selectionVerdict(s: StatsReport, pMask: number, tol: number): Verdict {
  if (s.mutated) {
    return fail('maskTokens changed the `tokens` array it was given. Copy each row ([...row]) before editing it.');
  }
  if (s.badWeights > 0) {
    return fail(`${s.badWeights} weight(s) are neither 0 nor 1. A weight is 1 at a chosen position and 0 everywhere else.`);
  }
  if (s.targetMismatch > 0) {
    return fail(
      `${s.targetMismatch} target(s) differ from the original token. targets is an unchanged copy of tokens ` +
        '(the loss only looks at it where the weight is 1).',
    );
  }
  if (s.chosenSpecial > 0) {
    return fail(
      `${s.chosenSpecial} special position(s) ([CLS], [SEP], [PAD] ...) got weight 1. Skip every token whose id is in ` +
        'opts.specialIds: there is nothing to learn from predicting padding.',
    );
  }
  if (s.specialChanged > 0) return fail(`${s.specialChanged} special token(s) were changed in input. Leave them as they are.`);
  if (s.unchosenChanged > 0) {
    return fail(
      `${s.unchosenChanged} position(s) with weight 0 were changed in input. Only chosen positions (weight 1) may be ` +
        'replaced; every other token stays as it was.',
    );
  }
  const rate = s.chosen / Math.max(1, s.eligible);
  if (Math.abs(rate - pMask) > tol) {
    return fail(
      `${pct(rate)} of the ${s.eligible} non-special positions were chosen; expected ${pct(pMask)} ± ${pct(tol)}. ` +
        'Draw one rng() per non-special position and choose it when the draw is below pMask.',
    );
  }
  return pass(`${pct(rate)} of ${s.eligible} non-special positions chosen (target ${pct(pMask)}); specials untouched.`);
}

/**
 * The 80/10/10 split among chosen positions. A random replacement can hit the original word by
 * chance (probability 1/words), so that share is moved from "random" to "unchanged".
 */
export function splitVerdict(s: StatsReport, words: number, tol: number): Verdict {
  if (s.chosen === 0) return fail('No position was chosen, so there is no 80/10/10 split to check. Finish task 1 first.');
  if (s.randomInvalid > 0) {
    return fail(
      `${s.randomInvalid} chosen position(s) were replaced by a special id or an id outside 0..vocabSize-1. A random ` +
        'replacement is a real word: draw it from the ids that are neither in specialIds nor the mask id.',
    );
  }
  const masked = s.masked / s.chosen;
  const random = s.randomized / s.chosen;
  const kept = s.unchanged / s.chosen;
  const want = { masked: 0.8, random: 0.1 * (1 - 1 / words), kept: 0.1 * (1 + 1 / words) };
  const shares = `[MASK] ${pct(masked)}, random word ${pct(random)}, unchanged ${pct(kept)}`;
  const expected = `expected 80% / ${pct(want.random)} / ${pct(want.kept)} (± ${pct(tol)})`;
  if (Math.abs(masked - want.masked) > tol || Math.abs(random - want.random) > tol || Math.abs(kept - want.kept) > tol) {
    const why =
      masked > want.masked + tol
        ? ' Too many [MASK]s: 10% of the chosen positions get a random word and 10% keep their own.'
        : kept > want.kept + tol
          ? ' Too many unchanged tokens: is the random word drawn from the right list?'
          : random > want.random + tol && Math.abs(masked - want.masked) <= tol
            ? ' Too many random words: the random word is drawn uniformly among ALL real words, the original one ' +
              'included (1 time in ' + words + ' it then stays unchanged by chance). Do not leave the original out.'
            : ' Draw a second rng() for each chosen position: below 0.8 -> [MASK], below 0.9 -> random word, else keep.';
    return fail(`Among the ${s.chosen} chosen positions: ${shares}; ${expected}.${why}`);
  }
  return pass(`Among ${s.chosen} chosen positions: ${shares}.`);
}

/** Each real word should be drawn about equally often as a random replacement. */
export function uniformityVerdict(s: StatsReport, wordIds: number[]): Verdict {
  const total = wordIds.reduce((sum, id) => sum + (s.randomHist[id] ?? 0), 0);
  const expected = total / wordIds.length;
  for (const id of wordIds) {
    const got = s.randomHist[id] ?? 0;
    if (got < 0.5 * expected || got > 1.5 * expected) {
      return fail(
        `Word id ${id} was drawn ${got} times as a random replacement, expected about ${Math.round(expected)}. ` +
          'Pick uniformly among all real words: words[Math.floor(rng() * words.length)].',
      );
    }
  }
  return pass(`Random replacements are spread evenly over the ${wordIds.length} real words.`);
}

/** Mean cross-entropy over weighted positions, in float64: the definition the tests use. */
export function referenceLoss(logits: number[][][], targets: number[][], weights: number[][]): number {
  let num = 0;
  let den = 0;
  logits.forEach((seq, b) =>
    seq.forEach((row, l) => {
      const w = weights[b]![l]!;
      if (w === 0) return;
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      num += w * (lse - row[targets[b]![l]!]!);
      den += w;
    }),
  );
  return den === 0 ? 0 : num / den;
}

/** d loss / d logits = w / sum(w) * (softmax - onehot), flattened like logits. */
export function referenceGrad(logits: number[][][], targets: number[][], weights: number[][]): number[] {
  const den = weights.flat().reduce((s, w) => s + w, 0);
  const out: number[] = [];
  logits.forEach((seq, b) =>
    seq.forEach((row, l) => {
      const w = den === 0 ? 0 : weights[b]![l]! / den;
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const z = e.reduce((s, v) => s + v, 0);
      row.forEach((_, v) => out.push(w * (e[v]! / z - (v === targets[b]![l] ? 1 : 0))));
    }),
  );
  return out;
}

export function lossValueVerdict(
  obs: LossObservation,
  index: number,
  want: number,
  hint: string,
  nanHint = 'Use tf.logSoftmax rather than log(softmax).',
): Verdict | null {
  const r = obs.results[index];
  if (!r) return fail('maskedLMLoss was not called the expected number of times.');
  if (r.shape.length !== 0) {
    return fail(`maskedLMLoss returned a tensor of shape [${r.shape.join(', ')}]; it must be a scalar (shape []). Sum or average everything.`);
  }
  if (r.value === null) return fail(`maskedLMLoss returned NaN or Infinity. ${nanHint}`);
  if (!closeTo(r.value, want)) return fail(`maskedLMLoss returned ${fmt(r.value)}, expected ${fmt(want)}. ${hint}`);
  return null;
}

export function randomLogits(rand: () => number, b: number, l: number, v: number, scale = 3): number[][][] {
  return Array.from({ length: b }, () =>
    Array.from({ length: l }, () => Array.from({ length: v }, () => scale * (2 * rand() - 1))),
  );
}

/**
 * Held-out sentences with about 15% of their words replaced by [MASK]; the hidden words go to
 * the judge only. Masking here is the grader's own, so a wrong maskTokens cannot make it easier.
 */
export function evalSplit(n: number, seed: number): { evalInput: number[][]; answers: number[] } {
  const sentences = makeSentences(n, seed);
  const rand = mulberry32(seed ^ 0x2545f491);
  const answers: number[] = [];
  const evalInput = sentences.map((row) =>
    row.map((t) => {
      if (isSpecial(t) || rand() >= 0.15) return t;
      answers.push(t);
      return MASK_ID;
    }),
  );
  return { evalInput, answers };
}

/** Reads the loss curve (sampled every 5 steps) and the filled-in blanks. */
export function trainVerdict(obs: TrainObservation, answers: number[], minAccuracy: number): Verdict {
  const losses = obs.losses;
  if (losses.some((l) => l === null)) {
    return fail('The training loss became NaN or Infinity. Check maskedLMLoss with the earlier tests first.');
  }
  const values = losses as number[];
  const first = values[0] ?? NaN;
  const tail = values.slice(-6);
  const end = tail.reduce((s, v) => s + v, 0) / Math.max(1, tail.length);
  if (!(end < 0.5 * first)) {
    return fail(
      `The masked-LM loss went from ${fmt(first)} to ${fmt(end)} (average of the last samples); it should at least halve. ` +
        'If it does not move, the loss may be cut off from the gradient (no dataSync() or arraySync() inside it).',
    );
  }
  if (obs.filled.length !== answers.length) {
    return fail(`Expected ${answers.length} filled-in blanks, got ${obs.filled.length}.`);
  }
  const right = answers.filter((a, i) => obs.filled[i] === a).length;
  const acc = right / Math.max(1, answers.length);
  const line = `The model trained with your masking and loss filled ${pct(acc)} of ${answers.length} held-out blanks correctly ` +
    `(a guess that ignores the context gets about 17%); loss ${fmt(first)} -> ${fmt(end)}.`;
  if (acc < minAccuracy) return fail(`${line} At least ${pct(minAccuracy)} is expected.`);
  return pass(line);
}

import { mulberry32 } from '@/lib/datasets/prng';
import { makeSentences } from '@/lib/datasets/synthetic-language';

// Corpora and counting shared by the probes (which count) and the judges (which know what the
// counts should be). No expected values live here.

export type MaskOpts = { vocabSize: number; maskId: number; specialIds: number[]; pMask: number };

export type CorpusSpec =
  | { kind: 'sentences'; n: number; seed: number }
  /** Uniform random words, with special ids sprinkled anywhere at rate `specialRate`. */
  | { kind: 'random'; n: number; len: number; vocabSize: number; sprinkle: number[]; specialRate: number; words: number[]; seed: number };

export function corpusFor(spec: CorpusSpec): number[][] {
  if (spec.kind === 'sentences') return makeSentences(spec.n, spec.seed);
  const rand = mulberry32(spec.seed);
  const pick = (list: number[]) => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: spec.n }, () =>
    Array.from({ length: spec.len }, () => (rand() < spec.specialRate ? pick(spec.sprinkle) : pick(spec.words))),
  );
}

export type MaskStats = {
  positions: number;
  /** Positions whose original token is not special: the only ones that may be chosen. */
  eligible: number;
  /** Eligible positions with weight exactly 1. */
  chosen: number;
  chosenSpecial: number;
  /** Weights that are neither 0 nor 1. */
  badWeights: number;
  targetMismatch: number;
  unchosenChanged: number;
  specialChanged: number;
  /** Among chosen: replaced by the mask id, kept as is, replaced by another real word. */
  masked: number;
  unchanged: number;
  randomized: number;
  /** Among chosen: replaced by a special id, a non-integer or an id outside the vocabulary. */
  randomInvalid: number;
  /** How often each id was used as a random replacement. */
  randomHist: number[];
};

export function maskStats(
  tokens: number[][],
  out: { input: Array<Array<number | null>>; targets: Array<Array<number | null>>; weights: Array<Array<number | null>> },
  opts: MaskOpts,
): MaskStats {
  const special = new Set([...opts.specialIds, opts.maskId]);
  const s: MaskStats = {
    positions: 0,
    eligible: 0,
    chosen: 0,
    chosenSpecial: 0,
    badWeights: 0,
    targetMismatch: 0,
    unchosenChanged: 0,
    specialChanged: 0,
    masked: 0,
    unchanged: 0,
    randomized: 0,
    randomInvalid: 0,
    randomHist: new Array<number>(opts.vocabSize).fill(0),
  };
  tokens.forEach((row, i) =>
    row.forEach((orig, j) => {
      const inp = out.input[i]![j] ?? null;
      const w = out.weights[i]![j] ?? null;
      s.positions += 1;
      if (w !== 0 && w !== 1) s.badWeights += 1;
      if (out.targets[i]![j] !== orig) s.targetMismatch += 1;
      if (special.has(orig)) {
        if (w !== 0) s.chosenSpecial += 1;
        if (inp !== orig) s.specialChanged += 1;
        return;
      }
      s.eligible += 1;
      if (w !== 1) {
        if (inp !== orig) s.unchosenChanged += 1;
        return;
      }
      s.chosen += 1;
      if (inp === opts.maskId) s.masked += 1;
      else if (inp === orig) s.unchanged += 1;
      else if (inp !== null && Number.isInteger(inp) && inp >= 0 && inp < opts.vocabSize && !special.has(inp)) {
        s.randomized += 1;
        s.randomHist[inp]! += 1;
      } else s.randomInvalid += 1;
    }),
  );
  return s;
}

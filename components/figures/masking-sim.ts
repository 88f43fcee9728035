/**
 * BERT-style masking of one sentence of the colour-shape language, for the lesson figure.
 *
 * Plain TypeScript (no tfjs): the figure re-masks on every click and tallies thousands of
 * sentences at once, which takes a few milliseconds this way. The recipe is the lesson's:
 * each non-special position is chosen with probability pMask; a chosen word becomes [MASK]
 * (80%), a random real word (10%) or stays as it is (10%).
 */
import { mulberry32 } from '@/lib/datasets/prng';
import { MASK_ID, SPECIAL_IDS, VOCAB_SIZE, makeSentences } from '@/lib/datasets/synthetic-language';

/** What happened to one position. `kept` = chosen but left unchanged; `plain` = not chosen. */
export type Outcome = 'special' | 'plain' | 'masked' | 'random' | 'kept';

export type MaskedToken = { original: number; shown: number; outcome: Outcome; weight: 0 | 1 };

const SPECIAL = new Set(SPECIAL_IDS);
const WORDS = Array.from({ length: VOCAB_SIZE }, (_, id) => id).filter((id) => !SPECIAL.has(id));

/** Masks one sentence. Consumes `rng` exactly like the exercise's reference solution. */
export function maskSentence(ids: ReadonlyArray<number>, pMask: number, rng: () => number): MaskedToken[] {
  return ids.map((original) => {
    if (SPECIAL.has(original)) return { original, shown: original, outcome: 'special', weight: 0 };
    if (rng() >= pMask) return { original, shown: original, outcome: 'plain', weight: 0 };
    const r = rng();
    if (r < 0.8) return { original, shown: MASK_ID, outcome: 'masked', weight: 1 };
    if (r < 0.9) {
      // A random word may equal the original by chance; it still counts as a random draw.
      return { original, shown: WORDS[Math.floor(rng() * WORDS.length)]!, outcome: 'random', weight: 1 };
    }
    return { original, shown: original, outcome: 'kept', weight: 1 };
  });
}

export type Tally = { sentences: number; words: number; chosen: number; masked: number; random: number; kept: number };

export const emptyTally = (): Tally => ({ sentences: 0, words: 0, chosen: 0, masked: 0, random: 0, kept: 0 });

export function addToTally(tally: Tally, tokens: ReadonlyArray<MaskedToken>): Tally {
  const next = { ...tally, sentences: tally.sentences + 1 };
  for (const t of tokens) {
    if (t.outcome === 'special') continue;
    next.words += 1;
    if (t.outcome === 'plain') continue;
    next.chosen += 1;
    next[t.outcome] += 1;
  }
  return next;
}

/** Masks `n` fresh sentences (from `seed`) and adds them all to the tally. */
export function tallyMany(tally: Tally, n: number, pMask: number, seed: number): Tally {
  const rng = mulberry32(seed ^ 0x68e31da4);
  let out = tally;
  for (const ids of makeSentences(n, seed)) out = addToTally(out, maskSentence(ids, pMask, rng));
  return out;
}

/** Shares as fractions: chosen among words, then each outcome among chosen (0 when undefined). */
export function shares(t: Tally): { chosen: number; masked: number; random: number; kept: number } {
  const of = (a: number, b: number) => (b > 0 ? a / b : 0);
  return { chosen: of(t.chosen, t.words), masked: of(t.masked, t.chosen), random: of(t.random, t.chosen), kept: of(t.kept, t.chosen) };
}

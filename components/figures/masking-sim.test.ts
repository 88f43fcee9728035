import { expect, test } from 'vitest';
import { mulberry32 } from '@/lib/datasets/prng';
import { CLS_ID, MASK_ID, PAD_ID, SEP_ID, SPECIAL_IDS, makeSentences } from '@/lib/datasets/synthetic-language';
import { addToTally, emptyTally, maskSentence, shares, tallyMany } from './masking-sim';

const SENTENCE = makeSentences(1, 1)[0]!;

test('special tokens are never chosen or changed', () => {
  const tokens = maskSentence(SENTENCE, 1, mulberry32(3));
  tokens.forEach((t, i) => {
    const special = SPECIAL_IDS.includes(SENTENCE[i]!);
    expect(t.original).toBe(SENTENCE[i]);
    if (special) expect(t).toEqual({ original: SENTENCE[i], shown: SENTENCE[i], outcome: 'special', weight: 0 });
    else expect(t.weight).toBe(1);
  });
  expect(tokens[0]!.original).toBe(CLS_ID);
  expect(tokens.some((t) => t.original === SEP_ID || t.original === PAD_ID)).toBe(true);
});

test('pMask = 0 leaves every word alone', () => {
  const tokens = maskSentence(SENTENCE, 0, mulberry32(4));
  expect(tokens.every((t) => t.weight === 0 && t.shown === t.original)).toBe(true);
});

test('outcomes agree with what is shown', () => {
  for (let s = 0; s < 50; s++) {
    for (const t of maskSentence(SENTENCE, 0.5, mulberry32(s))) {
      if (t.outcome === 'masked') expect(t.shown).toBe(MASK_ID);
      if (t.outcome === 'kept' || t.outcome === 'plain') expect(t.shown).toBe(t.original);
      if (t.outcome === 'random') expect(SPECIAL_IDS).not.toContain(t.shown);
    }
  }
});

test('over many sentences the shares approach 15% and 80/10/10', () => {
  const s = shares(tallyMany(emptyTally(), 5000, 0.15, 9));
  expect(s.chosen).toBeGreaterThan(0.14);
  expect(s.chosen).toBeLessThan(0.16);
  expect(s.masked).toBeGreaterThan(0.78);
  expect(s.masked).toBeLessThan(0.82);
  expect(s.random).toBeGreaterThan(0.08);
  expect(s.random).toBeLessThan(0.12);
  expect(s.kept).toBeGreaterThan(0.08);
  expect(s.kept).toBeLessThan(0.12);
});

test('a tally counts words and chosen positions; the empty tally has zero shares', () => {
  expect(shares(emptyTally())).toEqual({ chosen: 0, masked: 0, random: 0, kept: 0 });
  const t = addToTally(emptyTally(), maskSentence(SENTENCE, 1, mulberry32(2)));
  const words = SENTENCE.filter((id) => !SPECIAL_IDS.includes(id)).length;
  expect(t).toMatchObject({ sentences: 1, words, chosen: words });
  expect(t.masked + t.random + t.kept).toBe(words);
  expect(tallyMany(emptyTally(), 10, 0.15, 1)).toEqual(tallyMany(emptyTally(), 10, 0.15, 1));
});

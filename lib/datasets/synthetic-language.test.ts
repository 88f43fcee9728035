import { expect, test } from 'vitest';
import {
  CLS_ID,
  COLOURS,
  MASK_ID,
  PAD_ID,
  SEP_ID,
  SEQ_LEN,
  SHAPES,
  VOCAB,
  VOCAB_SIZE,
  decode,
  encodeSentence,
  isSpecial,
  makeSentences,
} from './synthetic-language';

test('encodes a sentence as [CLS] colour shape ... [SEP] and pads it', () => {
  const ids = encodeSentence({ colour: 0, shape: 0, colourStep: 1, shapeStep: -1, pairs: 3 });
  expect(ids).toHaveLength(SEQ_LEN);
  expect(decode(ids)).toEqual([
    '[CLS]', 'red', 'circle', 'orange', 'moon', 'yellow', 'heart', '[SEP]', '[PAD]', '[PAD]', '[PAD]', '[PAD]',
  ]);
});

test('the vocabulary has 4 special ids followed by the colours and the shapes', () => {
  expect(VOCAB_SIZE).toBe(4 + COLOURS.length + SHAPES.length);
  expect(VOCAB).toHaveLength(VOCAB_SIZE);
  expect([PAD_ID, CLS_ID, SEP_ID, MASK_ID].every(isSpecial)).toBe(true);
  expect(isSpecial(4)).toBe(false);
});

test('makeSentences is deterministic per seed and differs between seeds', () => {
  expect(makeSentences(50, 3)).toEqual(makeSentences(50, 3));
  expect(makeSentences(50, 3)).not.toEqual(makeSentences(50, 4));
});

test('every word is fixed by its neighbours: colours and shapes each advance by one step', () => {
  for (const row of makeSentences(300, 11)) {
    expect(row[0]).toBe(CLS_ID);
    const sep = row.indexOf(SEP_ID);
    expect([7, 9, 11]).toContain(sep);
    expect(row.slice(sep + 1).every((id) => id === PAD_ID)).toBe(true);
    const words = row.slice(1, sep);
    const colours = words.filter((_, i) => i % 2 === 0).map((id) => id - 4);
    const shapes = words.filter((_, i) => i % 2 === 1).map((id) => id - 4 - COLOURS.length);
    for (const [seq, n] of [[colours, COLOURS.length], [shapes, SHAPES.length]] as const) {
      expect(seq.every((v) => v >= 0 && v < n)).toBe(true);
      const step = (seq[1]! - seq[0]! + n) % n;
      expect([1, n - 1]).toContain(step);
      for (let i = 1; i < seq.length; i++) expect((seq[i]! - seq[i - 1]! + n) % n).toBe(step);
    }
  }
});

test('sentence lengths and starting words are spread out', () => {
  const rows = makeSentences(3000, 5);
  const lengths = new Map<number, number>();
  for (const row of rows) lengths.set(row.indexOf(SEP_ID), (lengths.get(row.indexOf(SEP_ID)) ?? 0) + 1);
  for (const count of lengths.values()) expect(count).toBeGreaterThan(800);
  const firstColour = new Set(rows.map((r) => r[1]));
  expect(firstColour.size).toBe(COLOURS.length);
});

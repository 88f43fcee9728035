import { mulberry32 } from './prng';

// A tiny synthetic language for masked-token prediction. A sentence lists coloured shapes:
//
//   [CLS] red circle orange square yellow triangle green star [SEP] [PAD] [PAD]
//
// Colours walk round the colour wheel and shapes round a fixed list of shapes, each one step per
// pair, forwards or backwards. So every word is pinned down by its context (any other colour
// gives the colour, any other shape the shape) and a model can learn to fill any blank, while
// a guess that ignores the context is right only about one time in six.

export const PAD_ID = 0;
export const CLS_ID = 1;
export const SEP_ID = 2;
export const MASK_ID = 3;
/** Ids that carry no content: masking never picks them and never writes them as a random token. */
export const SPECIAL_IDS: readonly number[] = [PAD_ID, CLS_ID, SEP_ID, MASK_ID];

export const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export const SHAPES = ['circle', 'square', 'triangle', 'star', 'heart', 'moon'] as const;

const FIRST_COLOUR_ID = SPECIAL_IDS.length;
const FIRST_SHAPE_ID = FIRST_COLOUR_ID + COLOURS.length;
export const VOCAB_SIZE = FIRST_SHAPE_ID + SHAPES.length;
/** Every id from 0 to VOCAB_SIZE - 1, as a word. */
export const VOCAB: readonly string[] = ['[PAD]', '[CLS]', '[SEP]', '[MASK]', ...COLOURS, ...SHAPES];

export const MIN_PAIRS = 3;
export const MAX_PAIRS = 5;
/** [CLS] + two words per pair + [SEP]; shorter sentences are padded to this length. */
export const SEQ_LEN = 2 + 2 * MAX_PAIRS;

export type SentenceSpec = {
  /** Index into COLOURS of the first colour. */
  colour: number;
  /** Index into SHAPES of the first shape. */
  shape: number;
  /** +1 or -1: direction round the colour wheel. */
  colourStep: 1 | -1;
  /** +1 or -1: direction round the list of shapes. */
  shapeStep: 1 | -1;
  pairs: number;
};

const mod = (a: number, m: number) => ((a % m) + m) % m;

/** The token ids of one sentence, padded with [PAD] to SEQ_LEN. */
export function encodeSentence(spec: SentenceSpec): number[] {
  const ids = [CLS_ID];
  for (let p = 0; p < spec.pairs; p++) {
    ids.push(FIRST_COLOUR_ID + mod(spec.colour + p * spec.colourStep, COLOURS.length));
    ids.push(FIRST_SHAPE_ID + mod(spec.shape + p * spec.shapeStep, SHAPES.length));
  }
  ids.push(SEP_ID);
  while (ids.length < SEQ_LEN) ids.push(PAD_ID);
  return ids;
}

/** Draws one sentence description from a uniform source. */
export function randomSpec(rand: () => number): SentenceSpec {
  return {
    colour: Math.floor(rand() * COLOURS.length),
    shape: Math.floor(rand() * SHAPES.length),
    colourStep: rand() < 0.5 ? 1 : -1,
    shapeStep: rand() < 0.5 ? 1 : -1,
    pairs: MIN_PAIRS + Math.floor(rand() * (MAX_PAIRS - MIN_PAIRS + 1)),
  };
}

/** `n` sentences of token ids (each SEQ_LEN long), the same for the same seed everywhere. */
export function makeSentences(n: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => encodeSentence(randomSpec(rand)));
}

/** Token ids back to words, e.g. for a figure or a learner's console. */
export function decode(ids: ReadonlyArray<number>): string[] {
  return ids.map((id) => VOCAB[id] ?? `#${id}`);
}

export const isSpecial = (id: number): boolean => SPECIAL_IDS.includes(id);

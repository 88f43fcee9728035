import { GLYPH_SHAPES, QUARTER_TURN_SYMMETRIC, renderGlyph, type GlyphParams, type GlyphShape } from '@/lib/datasets/glyphs';
import { mulberry32 } from '@/lib/datasets/prng';

// Pure logic of the rotation-pretext figure: glyph pixels, quarter turns and the guessing game.
// No React here, so it can be unit-tested.

export const SIZE = 16;

/** A centred glyph: with no offset, a shape that is quarter-turn symmetric truly looks the same. */
export function centredGlyph(shape: GlyphShape, scale = 0.78): GlyphParams {
  return { shape, scale, dx: 0, dy: 0, angle: 0 };
}

/** k counter-clockwise quarter turns of a square image as displayed (row 0 at the top). */
export function rotateGrid(pixels: Float32Array, size: number, k: number): Float32Array {
  let cur = pixels;
  for (let t = 0; t < ((k % 4) + 4) % 4; t++) {
    const out = new Float32Array(size * size);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[r * size + c] = cur[c * size + (size - 1 - r)]!;
    cur = out;
  }
  return cur === pixels ? Float32Array.from(pixels) : cur;
}

/** The four pretext examples of one image: label k is the image turned k times. */
export function fourRotations(pixels: Float32Array, size = SIZE): Float32Array[] {
  return [0, 1, 2, 3].map((k) => rotateGrid(pixels, size, k));
}

/** Two renderings count as the same picture if no pixel differs by more than one supersample. */
export function samePicture(a: Float32Array, b: Float32Array): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= 1 / 16 + 1e-9);
}

/** The labels whose image looks exactly like the image with label k (k itself included). */
export function lookalikeLabels(pixels: Float32Array, k: number, size = SIZE): number[] {
  const turned = fourRotations(pixels, size);
  return [0, 1, 2, 3].filter((j) => samePicture(turned[j]!, turned[k]!));
}

export type Puzzle = { shape: GlyphShape; scale: number; turns: number; pixels: Float32Array };

/** A random glyph at a random quarter turn; `withSymmetric` also allows circle, square and plus. */
export function makePuzzle(seed: number, withSymmetric: boolean): Puzzle {
  const rand = mulberry32(seed);
  const shapes = GLYPH_SHAPES.filter((s) => withSymmetric || !QUARTER_TURN_SYMMETRIC.has(s));
  const shape = shapes[Math.floor(rand() * shapes.length)]!;
  const scale = 0.62 + 0.2 * rand();
  const turns = Math.floor(rand() * 4);
  const upright = renderGlyph(centredGlyph(shape, scale), SIZE);
  return { shape, scale, turns, pixels: rotateGrid(upright, SIZE, turns) };
}

export type GuessResult = 'right' | 'lookalike' | 'wrong';

/**
 * 'lookalike' means the guess is not the label, yet its image is identical: nobody, network or
 * person, could have told them apart. That is the ambiguity symmetric shapes bring.
 */
export function judgeGuess(puzzle: Puzzle, guess: number): GuessResult {
  if (guess === puzzle.turns) return 'right';
  const upright = renderGlyph(centredGlyph(puzzle.shape, puzzle.scale), SIZE);
  return lookalikeLabels(upright, puzzle.turns).includes(guess) ? 'lookalike' : 'wrong';
}

/** Degrees shown next to each label. */
export const LABEL_DEGREES = [0, 90, 180, 270] as const;

import { describe, expect, it } from 'vitest';
import { GLYPH_SHAPES, QUARTER_TURN_SYMMETRIC, renderGlyph } from '@/lib/datasets/glyphs';
import {
  SIZE,
  centredGlyph,
  fourRotations,
  judgeGuess,
  lookalikeLabels,
  makePuzzle,
  rotateGrid,
} from './rotation-pretext-sim';

describe('rotation pretext figure logic', () => {
  it('turns the 3 x 3 grid of the lesson counter-clockwise', () => {
    const grid = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(rotateGrid(grid, 3, 1))).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    expect(Array.from(rotateGrid(grid, 3, 2))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(rotateGrid(grid, 3, -1))).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
    expect(Array.from(rotateGrid(grid, 3, 4))).toEqual(Array.from(grid));
    expect(rotateGrid(grid, 3, 0)).not.toBe(grid);
  });

  it('gives four labelled copies, the first one unturned', () => {
    const img = renderGlyph(centredGlyph('flag'), SIZE);
    const four = fourRotations(img);
    expect(four).toHaveLength(4);
    expect(Array.from(four[0]!)).toEqual(Array.from(img));
    expect(Array.from(four[2]!)).toEqual(Array.from(rotateGrid(four[1]!, SIZE, 1)));
  });

  it('finds that symmetric shapes look alike in every rotation and the others never do', () => {
    for (const shape of GLYPH_SHAPES) {
      const img = renderGlyph(centredGlyph(shape), SIZE);
      const alike = lookalikeLabels(img, 1);
      expect(alike, shape).toEqual(QUARTER_TURN_SYMMETRIC.has(shape) ? [0, 1, 2, 3] : [1]);
    }
  });

  it('judges guesses, calling a wrong label on a symmetric shape a lookalike', () => {
    for (let seed = 1; seed < 40; seed++) {
      const p = makePuzzle(seed, true);
      expect(judgeGuess(p, p.turns)).toBe('right');
      const other = (p.turns + 1) % 4;
      expect(judgeGuess(p, other)).toBe(QUARTER_TURN_SYMMETRIC.has(p.shape) ? 'lookalike' : 'wrong');
    }
  });

  it('keeps symmetric shapes out of puzzles unless asked, and is deterministic', () => {
    for (let seed = 1; seed < 60; seed++) expect(QUARTER_TURN_SYMMETRIC.has(makePuzzle(seed, false).shape)).toBe(false);
    const a = makePuzzle(7, true);
    const b = makePuzzle(7, true);
    expect(a.shape).toBe(b.shape);
    expect(a.turns).toBe(b.turns);
    expect(Array.from(a.pixels)).toEqual(Array.from(b.pixels));
  });
});

import { describe, expect, it } from 'vitest';
import {
  GLYPH_SHAPES,
  QUARTER_TURN_SYMMETRIC,
  ROTATION_DISTINCT_SHAPES,
  makeGlyphs,
  quarterTurned,
  renderGlyph,
  type GlyphParams,
} from './glyphs';

/** Counter-clockwise quarter turn of a square image as displayed (row 0 at the top). */
function rot90(img: Float32Array, size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[r * size + c] = img[c * size + (size - 1 - r)]!;
  return out;
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const centred = (shape: GlyphParams['shape']): GlyphParams => ({ shape, scale: 0.8, dx: 0, dy: 0, angle: 0 });

describe('glyphs', () => {
  it('renders values in [0, 1] with some ink and some background', () => {
    for (const shape of GLYPH_SHAPES) {
      const img = renderGlyph(centred(shape));
      expect(img.length).toBe(256);
      const ink = img.reduce((s, v) => s + v, 0);
      expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...img)).toBeLessThanOrEqual(1);
      expect(ink, shape).toBeGreaterThan(20);
      expect(ink, shape).toBeLessThan(200);
    }
  });

  it('turns counter-clockwise: the arrow rendered at pi/2 points left', () => {
    const img = renderGlyph({ ...centred('arrow'), angle: Math.PI / 2 });
    // Ink in the left half against the right half: the head (the wide part) is on the left.
    let left = 0;
    let right = 0;
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) (c < 8 ? (left += img[r * 16 + c]!) : (right += img[r * 16 + c]!));
    expect(left).toBeGreaterThan(right * 1.3);
  });

  it('quarterTurned renders the quarter-turn rotation of the image', () => {
    const { params } = makeGlyphs({ n: 12, seed: 3 });
    for (const p of params) {
      let img = renderGlyph(p);
      for (let k = 1; k <= 4; k++) {
        img = rot90(img, 16);
        expect(maxDiff(renderGlyph(quarterTurned(p, k)), img), `${p.shape} k=${k}`).toBeLessThanOrEqual(1 / 16);
      }
    }
  });

  it('quarter-turn symmetric shapes look the same after a turn, the others do not', () => {
    for (const shape of GLYPH_SHAPES) {
      const img = renderGlyph(centred(shape));
      const diff = maxDiff(img, rot90(img, 16));
      if (QUARTER_TURN_SYMMETRIC.has(shape)) expect(diff, shape).toBeLessThanOrEqual(1 / 16);
      else expect(diff, shape).toBeGreaterThan(0.5);
    }
    expect(ROTATION_DISTINCT_SHAPES).toEqual(['triangle', 'ell', 'tee', 'arrow', 'flag']);
  });

  it('is deterministic per seed and covers every requested shape', () => {
    const a = makeGlyphs({ n: 80, seed: 11, noise: 0.05, maxTilt: 0.1, randomQuarterTurns: true });
    const b = makeGlyphs({ n: 80, seed: 11, noise: 0.05, maxTilt: 0.1, randomQuarterTurns: true });
    const c = makeGlyphs({ n: 80, seed: 12, noise: 0.05, maxTilt: 0.1, randomQuarterTurns: true });
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(a.labels).toEqual(b.labels);
    expect(maxDiff(a.images, c.images)).toBeGreaterThan(0.5);
    expect(new Set(a.labels).size).toBe(GLYPH_SHAPES.length);
    expect(new Set(a.quarterTurns)).toEqual(new Set([0, 1, 2, 3]));
    const only = makeGlyphs({ n: 30, seed: 1, shapes: ROTATION_DISTINCT_SHAPES });
    expect(only.shapeNames).toEqual(ROTATION_DISTINCT_SHAPES);
    expect(Math.max(...only.labels)).toBeLessThan(ROTATION_DISTINCT_SHAPES.length);
    expect(only.quarterTurns.every((k) => k === 0)).toBe(true);
  });
});

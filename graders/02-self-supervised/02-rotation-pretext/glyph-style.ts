import {
  ROTATION_DISTINCT_SHAPES,
  makeGlyphs,
  quarterTurned,
  renderGlyph,
  type GlyphSetOptions,
} from '@/lib/datasets/glyphs';

// The glyphs of this exercise, shared by the training probe and the judges. Only shapes whose
// four quarter turns all look different are used: a circle, square or plus sign turned by 90
// degrees looks the same, so no model could tell its rotation.

export const GLYPH_SIZE = 16;

export const GLYPH_STYLE: Omit<GlyphSetOptions, 'n' | 'seed'> = {
  size: GLYPH_SIZE,
  shapes: ROTATION_DISTINCT_SHAPES,
  scaleRange: [0.5, 0.8],
  maxShift: 0.2,
  maxTilt: 0.15,
  noise: 0.05,
};

/**
 * Held-out images already turned by a known number of quarter turns: image i is rendered at
 * i % 4 turns counter-clockwise, so the label is known without rotating any tensor. Pixels are
 * bytes (0..255) to keep the probe input small.
 */
export function rotatedEvalSet(n: number, seed: number): { pixels: number[]; turns: number[] } {
  const { params } = makeGlyphs({ ...GLYPH_STYLE, n, seed, noise: 0 });
  const pixels: number[] = [];
  const turns: number[] = [];
  params.forEach((p, i) => {
    const k = i % 4;
    for (const v of renderGlyph(quarterTurned(p, k), GLYPH_SIZE)) pixels.push(Math.round(v * 255));
    turns.push(k);
  });
  return { pixels, turns };
}

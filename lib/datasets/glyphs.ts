import { gaussian, mulberry32 } from './prng';

// Procedural grayscale glyphs (small shapes on a square canvas), for pretext tasks, few-shot and
// transfer exercises. Nothing is downloaded: every image is rendered from a few numbers, so the
// same seed gives the same pixels in the browser, in Node and in the server sandbox.

export const GLYPH_SHAPES = ['circle', 'square', 'plus', 'triangle', 'ell', 'tee', 'arrow', 'flag'] as const;
export type GlyphShape = (typeof GLYPH_SHAPES)[number];

/**
 * Shapes that look the same after a quarter turn. Rotation prediction cannot tell their angle,
 * so rotation pretext tasks should leave them out (or expect chance accuracy on them).
 */
export const QUARTER_TURN_SYMMETRIC: ReadonlySet<GlyphShape> = new Set<GlyphShape>(['circle', 'square', 'plus']);

/** The shapes whose four quarter-turn rotations all look different. */
export const ROTATION_DISTINCT_SHAPES: readonly GlyphShape[] = GLYPH_SHAPES.filter(
  (s) => !QUARTER_TURN_SYMMETRIC.has(s),
);

export type GlyphParams = {
  shape: GlyphShape;
  /** Half-width of the glyph as a fraction of the half-canvas (1 = touches the border). */
  scale: number;
  /** Offset of the glyph centre, as a fraction of the half-canvas; +dx is right, +dy is up. */
  dx: number;
  dy: number;
  /** Counter-clockwise rotation as seen on screen (row 0 at the top), in radians. */
  angle: number;
};

/**
 * Is the point (u, v) of the glyph's own frame inside the shape? The frame is [-1, 1]^2 with u to
 * the right and v up. Every shape that is not quarter-turn symmetric has a clear "top".
 */
function inside(shape: GlyphShape, u: number, v: number): boolean {
  const au = Math.abs(u);
  const av = Math.abs(v);
  switch (shape) {
    case 'circle':
      return u * u + v * v <= 0.8 * 0.8;
    case 'square':
      return au <= 0.7 && av <= 0.7;
    case 'plus':
      return (au <= 0.22 && av <= 0.85) || (av <= 0.22 && au <= 0.85);
    case 'triangle':
      // Apex at (0, 0.85), base from (-0.85, -0.7) to (0.85, -0.7).
      return v >= -0.7 && v <= 0.85 && au <= (0.85 * (0.85 - v)) / 1.55;
    case 'ell':
      return (u >= -0.7 && u <= -0.3 && av <= 0.85) || (u >= -0.7 && u <= 0.7 && v >= -0.85 && v <= -0.45);
    case 'tee':
      return (au <= 0.85 && v >= 0.45 && v <= 0.85) || (au <= 0.2 && av <= 0.85);
    case 'arrow':
      // Shaft below, head on top.
      return (au <= 0.18 && v >= -0.85 && v <= 0.1) || (v >= 0 && v <= 0.85 && au <= (0.75 * (0.85 - v)) / 0.85);
    case 'flag':
      // Pole on the left, cloth at the top right.
      return (u >= -0.65 && u <= -0.35 && av <= 0.85) || (u >= -0.35 && u <= 0.65 && v >= 0.2 && v <= 0.85);
  }
}

/**
 * Renders one glyph as `size * size` intensities in [0, 1], row-major with row 0 at the top.
 * Each pixel is the fraction of `supersample^2` sample points that fall inside the shape, which
 * gives soft, anti-aliased edges. The sample grid is symmetric about the canvas centre, so turning
 * a glyph (and its offset) by pi/2 gives the quarter-turn of the image (see quarterTurned).
 */
export function renderGlyph(params: GlyphParams, size = 16, supersample = 4): Float32Array {
  const out = new Float32Array(size * size);
  const cos = Math.cos(params.angle);
  const sin = Math.sin(params.angle);
  // Snap tiny values so that cos(pi/2) is exactly 0 and quarter turns map samples onto samples.
  const c = Math.abs(cos) < 1e-12 ? 0 : cos;
  const s = Math.abs(sin) < 1e-12 ? 0 : sin;
  const total = supersample * supersample;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      let hits = 0;
      for (let a = 0; a < supersample; a++) {
        for (let b = 0; b < supersample; b++) {
          // Canvas coordinates in [-1, 1]: x to the right, y up.
          const x = ((col + (b + 0.5) / supersample) / size) * 2 - 1 - params.dx;
          const y = 1 - ((row + (a + 0.5) / supersample) / size) * 2 - params.dy;
          // Undo the rotation (rotate by -angle), then the scaling.
          const u = (c * x + s * y) / params.scale;
          const v = (-s * x + c * y) / params.scale;
          if (inside(params.shape, u, v)) hits += 1;
        }
      }
      out[row * size + col] = hits / total;
    }
  }
  return out;
}

export type GlyphSetOptions = {
  n: number;
  seed: number;
  /** Canvas side in pixels. */
  size?: number;
  /** Which shapes to draw from (uniformly). Default: all of GLYPH_SHAPES. */
  shapes?: readonly GlyphShape[];
  /** Glyph half-width drawn uniformly from [min, max] (fractions of the half-canvas). */
  scaleRange?: readonly [number, number];
  /** Largest centre offset in each direction (fraction of the half-canvas). */
  maxShift?: number;
  /** Largest extra rotation either way, in radians (small "handwriting" wobble). */
  maxTilt?: number;
  /** When true, each glyph is also turned by a random multiple of 90 degrees (recorded in quarterTurns). */
  randomQuarterTurns?: boolean;
  /** Standard deviation of Gaussian pixel noise; results are clipped back to [0, 1]. */
  noise?: number;
};

export type GlyphSet = {
  /** n images of size*size pixels, concatenated (NHW order, one channel). */
  images: Float32Array;
  /** Index into `shapeNames` for each image. */
  labels: number[];
  shapeNames: readonly GlyphShape[];
  /** Quarter turns (0..3, counter-clockwise) applied to each glyph; all 0 unless randomQuarterTurns. */
  quarterTurns: number[];
  params: GlyphParams[];
  size: number;
};

/** A seeded set of jittered glyphs. Same options and seed, same pixels, everywhere. */
export function makeGlyphs(options: GlyphSetOptions): GlyphSet {
  const size = options.size ?? 16;
  const shapeNames = options.shapes ?? GLYPH_SHAPES;
  const [scaleMin, scaleMax] = options.scaleRange ?? [0.55, 0.8];
  const maxShift = options.maxShift ?? 0.15;
  const maxTilt = options.maxTilt ?? 0;
  const noise = options.noise ?? 0;
  if (shapeNames.length === 0) throw new Error('makeGlyphs: shapes must not be empty');
  const rand = mulberry32(options.seed);
  const normal = gaussian(rand);
  const images = new Float32Array(options.n * size * size);
  const labels: number[] = [];
  const quarterTurns: number[] = [];
  const params: GlyphParams[] = [];
  for (let i = 0; i < options.n; i++) {
    const label = Math.floor(rand() * shapeNames.length);
    const turns = options.randomQuarterTurns ? Math.floor(rand() * 4) : 0;
    const p: GlyphParams = {
      shape: shapeNames[label]!,
      scale: scaleMin + (scaleMax - scaleMin) * rand(),
      dx: (2 * rand() - 1) * maxShift,
      dy: (2 * rand() - 1) * maxShift,
      angle: (turns * Math.PI) / 2 + (2 * rand() - 1) * maxTilt,
    };
    const img = renderGlyph(p, size);
    if (noise > 0) {
      for (let k = 0; k < img.length; k++) img[k] = Math.min(1, Math.max(0, img[k]! + noise * normal()));
    }
    images.set(img, i * size * size);
    labels.push(label);
    quarterTurns.push(turns);
    params.push(p);
  }
  return { images, labels, shapeNames, quarterTurns, params, size };
}

/**
 * The same glyph turned by k quarter turns counter-clockwise: the offset turns with it, so the
 * result is the quarter-turn rotation of the rendered image (pixel for pixel when the glyph has
 * no tilt). Useful for building labelled rotation data without rotating tensors.
 */
export function quarterTurned(p: GlyphParams, k: number): GlyphParams {
  const turns = ((k % 4) + 4) % 4;
  let { dx, dy } = p;
  for (let t = 0; t < turns; t++) [dx, dy] = [-dy, dx];
  return { ...p, dx, dy, angle: p.angle + (turns * Math.PI) / 2 };
}

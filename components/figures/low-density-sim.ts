/**
 * Pure logic for the "why unlabeled data helps" figure: two point clouds, a handful of labels, and
 * two straight decision boundaries.
 *
 * - From the labeled points alone: the line with the widest margin between the two labeled classes
 *   (a hard-margin linear SVM, found by brute force over directions).
 * - With the unlabeled points as well: among all lines that still separate the labeled points,
 *   the one crossing the fewest data points, measured by a Gaussian kernel density along the
 *   line's normal (low-density separation, the idea behind transductive SVMs and entropy
 *   minimisation). Brute force over directions and offsets: a few million exp() calls, well under
 *   a frame budget for 200 points.
 */
import { gaussian, mulberry32 } from '@/lib/datasets/prng';

export type Point = readonly [number, number];
/** Points x with n . x > offset, n = (cos angle, sin angle), are predicted as class 1. */
export type Line = { angle: number; offset: number };
export type Mode = 'clusters' | 'across' | 'overlap';

export const ANGLES = 360;
const OFFSETS = 48;

/**
 * Two tall, narrow Gaussian clouds side by side. In 'clusters' each cloud is one class; in
 * 'across' the class is the sign of y, so every cloud holds both classes (the cluster assumption
 * is false); in 'overlap' the clouds touch, so there is no empty gap to find.
 */
export function makeClouds(n: number, mode: Mode, seed: number): { x: Point[]; y: number[] } {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const cx = mode === 'overlap' ? 0.45 : 1.1;
  const x: Point[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cloud = i < n / 2 ? 0 : 1;
    const px = (cloud === 0 ? -cx : cx) + 0.35 * normal();
    const py = 0.9 * normal();
    x.push([px, py]);
    y.push(mode === 'across' ? (py > 0 ? 1 : 0) : cloud);
  }
  return { x, y };
}

const project = (p: Point, angle: number) => p[0] * Math.cos(angle) + p[1] * Math.sin(angle);

export function classify(line: Line, p: Point): number {
  return project(p, line.angle) > line.offset ? 1 : 0;
}

export function accuracy(line: Line, points: ReadonlyArray<Point>, truth: ReadonlyArray<number>): number {
  let right = 0;
  points.forEach((p, i) => (right += classify(line, p) === truth[i] ? 1 : 0));
  return right / Math.max(points.length, 1);
}

/** For one direction: the gap (lo, hi) between the labeled classes' projections, if any. */
function labeledGap(angle: number, labeled: ReadonlyArray<Point>, labels: ReadonlyArray<number>) {
  let max0 = -Infinity;
  let min1 = Infinity;
  labeled.forEach((p, k) => {
    const v = project(p, angle);
    if (labels[k] === 0) max0 = Math.max(max0, v);
    else min1 = Math.min(min1, v);
  });
  return { lo: max0, hi: min1 };
}

/**
 * The widest-margin separator of the labeled points. If no direction separates them, the
 * direction where the two classes overlap least (a negative margin) is used instead.
 */
export function maxMarginLine(labeled: ReadonlyArray<Point>, labels: ReadonlyArray<number>): Line {
  let best: Line = { angle: 0, offset: 0 };
  let bestMargin = -Infinity;
  for (let a = 0; a < ANGLES; a++) {
    const angle = (2 * Math.PI * a) / ANGLES;
    const { lo, hi } = labeledGap(angle, labeled, labels);
    if (hi - lo > bestMargin) {
      bestMargin = hi - lo;
      best = { angle, offset: (lo + hi) / 2 };
    }
  }
  return best;
}

/** Sum of exp(-(n . x - offset)^2 / (2 h^2)) over all points: how crowded the line is. */
export function densityOnLine(line: Line, points: ReadonlyArray<Point>, bandwidth: number): number {
  const k = 1 / (2 * bandwidth * bandwidth);
  return points.reduce((s, p) => s + Math.exp(-k * (project(p, line.angle) - line.offset) ** 2), 0);
}

/**
 * Among lines that classify every labeled point correctly, the one through the emptiest region
 * of all the points (labeled and unlabeled). Ties go to the wider labeled margin.
 */
export function lowDensityLine(
  labeled: ReadonlyArray<Point>,
  labels: ReadonlyArray<number>,
  points: ReadonlyArray<Point>,
  bandwidth: number,
): Line {
  let best: Line | null = null;
  let bestScore = Infinity;
  const k = 1 / (2 * bandwidth * bandwidth);
  const proj = new Float64Array(points.length);
  for (let a = 0; a < ANGLES; a++) {
    const angle = (2 * Math.PI * a) / ANGLES;
    const { lo, hi } = labeledGap(angle, labeled, labels);
    if (!(hi > lo)) continue;
    points.forEach((p, i) => (proj[i] = project(p, angle)));
    for (let o = 1; o < OFFSETS; o++) {
      const offset = lo + ((hi - lo) * o) / OFFSETS;
      let score = 0;
      for (let i = 0; i < proj.length; i++) score += Math.exp(-k * (proj[i]! - offset) ** 2);
      // A tiny bonus for margin breaks ties between equally empty lines.
      score -= 1e-6 * Math.min(offset - lo, hi - offset);
      if (score < bestScore) {
        bestScore = score;
        best = { angle, offset };
      }
    }
  }
  // No straight line separates the labeled points: nothing to choose between, keep the fallback.
  return best ?? maxMarginLine(labeled, labels);
}

export type Box = { minX: number; maxX: number; minY: number; maxY: number };

/** The part of the box on the class-1 side of the line, as a polygon (Sutherland-Hodgman, one edge). */
export function halfPlane(line: Line, box: Box, side: 0 | 1): Point[] {
  const corners: Point[] = [
    [box.minX, box.minY],
    [box.maxX, box.minY],
    [box.maxX, box.maxY],
    [box.minX, box.maxY],
  ];
  const value = (p: Point) => (project(p, line.angle) - line.offset) * (side === 1 ? 1 : -1);
  const out: Point[] = [];
  corners.forEach((p, i) => {
    const q = corners[(i + 1) % corners.length]!;
    const vp = value(p);
    const vq = value(q);
    if (vp >= 0) out.push(p);
    if ((vp >= 0) !== (vq >= 0)) {
      const t = vp / (vp - vq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  });
  return out;
}

/** The two points where the line crosses the box edges (null if it misses the box). */
export function clipLine(line: Line, box: Box): [Point, Point] | null {
  const c = Math.cos(line.angle);
  const s = Math.sin(line.angle);
  const hits: Point[] = [];
  const add = (x: number, y: number) => {
    const inside = x >= box.minX - 1e-9 && x <= box.maxX + 1e-9 && y >= box.minY - 1e-9 && y <= box.maxY + 1e-9;
    if (inside && !hits.some(([hx, hy]) => Math.abs(hx - x) + Math.abs(hy - y) < 1e-9)) hits.push([x, y]);
  };
  // c x + s y = offset, solved on each vertical and horizontal edge.
  if (Math.abs(s) > 1e-12) {
    add(box.minX, (line.offset - c * box.minX) / s);
    add(box.maxX, (line.offset - c * box.maxX) / s);
  }
  if (Math.abs(c) > 1e-12) {
    add((line.offset - s * box.minY) / c, box.minY);
    add((line.offset - s * box.maxY) / c, box.maxY);
  }
  return hits.length >= 2 ? [hits[0]!, hits[1]!] : null;
}

import { expect, test } from 'vitest';
import { pickLabeled } from '@/lib/datasets/moons';
import {
  accuracy,
  clipLine,
  densityOnLine,
  halfPlane,
  lowDensityLine,
  makeClouds,
  maxMarginLine,
  type Mode,
  type Point,
} from './low-density-sim';

const BOX = { minX: -2, maxX: 2, minY: -1, maxY: 1 };

test('max-margin line of two points is their perpendicular bisector', () => {
  const line = maxMarginLine([[-1, 0], [1, 0]], [0, 1]);
  expect(Math.cos(line.angle)).toBeCloseTo(1, 9);
  expect(line.offset).toBeCloseTo(0, 9);
});

test('the lesson worked example: the density is lowest in the gap at 6, not at the midpoint 4', () => {
  // 1-D points on the x axis; a vertical line x = b has angle 0 and offset b. h = 0.5.
  const pts: Point[] = [-2, -1, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11].map((v) => [v, 0] as const);
  expect(densityOnLine({ angle: 0, offset: 4 }, pts, 0.5)).toBeCloseTo(1 + 2 * Math.exp(-2) + Math.exp(-8), 6);
  expect(densityOnLine({ angle: 0, offset: 6 }, pts, 0.5)).toBeCloseTo(2 * Math.exp(-2) + 2 * Math.exp(-8), 6);
  const sup = maxMarginLine([[0, 0], [8, 0]], [0, 1]);
  expect(sup.offset).toBeCloseTo(4, 9);
  const low = lowDensityLine([[0, 0], [8, 0]], [0, 1], pts, 0.5);
  expect(Math.cos(low.angle)).toBeCloseTo(1, 9);
  expect(low.offset).toBeGreaterThan(5.8);
  expect(low.offset).toBeLessThan(6.2);
});

test('half-planes split the box area and the clipped line lies on the boundary', () => {
  const line = { angle: Math.PI / 6, offset: 0.3 };
  const area = (poly: Point[]) =>
    Math.abs(poly.reduce((s, [x, y], i) => s + x * poly[(i + 1) % poly.length]![1] - poly[(i + 1) % poly.length]![0] * y, 0)) / 2;
  expect(area(halfPlane(line, BOX, 0)) + area(halfPlane(line, BOX, 1))).toBeCloseTo(8, 9);
  const seg = clipLine(line, BOX)!;
  for (const [x, y] of seg) expect(x * Math.cos(line.angle) + y * Math.sin(line.angle)).toBeCloseTo(0.3, 9);
});

function meanAccuracies(mode: Mode) {
  const data = makeClouds(200, mode, 3);
  let sup = 0;
  let low = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const lab = pickLabeled(data.y, 2, seed);
    const pts = lab.map((i) => data.x[i]!);
    const ys = lab.map((i) => data.y[i]!);
    sup += accuracy(maxMarginLine(pts, ys), data.x, data.y) / 10;
    low += accuracy(lowDensityLine(pts, ys, data.x, 0.15), data.x, data.y) / 10;
  }
  return { sup, low };
}

test('unlabeled points help when the classes follow the clouds and hurt when they do not', () => {
  const follow = meanAccuracies('clusters');
  expect(follow.low).toBeGreaterThan(0.99);
  expect(follow.low).toBeGreaterThan(follow.sup);
  const across = meanAccuracies('across');
  expect(across.low).toBeLessThan(across.sup - 0.1);
});

import { gaussian, mulberry32 } from './prng';

export type LabeledPoints = { x: number[][]; y: number[] };

/**
 * Two interleaving half circles (the recipe of scikit-learn's make_moons): the outer moon is
 * (cos t, sin t), the inner one (1 - cos t, 0.5 - sin t), t in [0, pi], plus Gaussian noise.
 */
export function makeMoons(n: number, noise: number, seed: number): LabeledPoints {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const nOuter = Math.floor(n / 2);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const count = outer ? nOuter : n - nOuter;
    const k = outer ? i : i - nOuter;
    const t = count === 1 ? 0 : (Math.PI * k) / (count - 1);
    const px = outer ? Math.cos(t) : 1 - Math.cos(t);
    const py = outer ? Math.sin(t) : 0.5 - Math.sin(t);
    x.push([px + noise * normal(), py + noise * normal()]);
    y.push(outer ? 0 : 1);
  }
  return { x, y };
}

/** Two concentric circles (scikit-learn's make_circles); label 0 = outer, 1 = inner. */
export function makeCircles(n: number, factor: number, noise: number, seed: number): LabeledPoints {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const nOuter = Math.floor(n / 2);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const count = outer ? nOuter : n - nOuter;
    const k = outer ? i : i - nOuter;
    const t = (2 * Math.PI * k) / count;
    const r = outer ? 1 : factor;
    x.push([r * Math.cos(t) + noise * normal(), r * Math.sin(t) + noise * normal()]);
    y.push(outer ? 0 : 1);
  }
  return { x, y };
}

/** Picks `perClass` labeled indices per class, deterministically from the seed. */
export function pickLabeled(y: ReadonlyArray<number>, perClass: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((label, i) => {
    const list = byClass.get(label) ?? [];
    list.push(i);
    byClass.set(label, list);
  });
  const picked: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const pool = [...byClass.get(label)!];
    for (let k = 0; k < perClass && pool.length > 0; k++) {
      const j = Math.floor(rand() * pool.length);
      picked.push(pool.splice(j, 1)[0]!);
    }
  }
  return picked.sort((a, b) => a - b);
}

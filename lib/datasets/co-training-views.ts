import { gaussian, mulberry32 } from './prng';

// Two-view data for co-training (Blum & Mitchell, 1998): every example is seen through two
// separate sets of features, each of which is enough to tell the class on its own.
//
// In each view, feature 0 carries the class (mean -separation or +separation) and every other
// feature is pure noise with a large spread. With a handful of labels a linear classifier easily
// mistakes a noise feature for a signal; an independent second view can correct that mistake,
// a dependent one cannot. `dependence` sets how much of the within-class variation the two views
// share: 0 gives views that are conditionally independent given the class, 1 makes view 2 a
// rotated copy of view 1 (when both have the same number of features).
//
// (Not to be confused with ./two-views.ts, the paired views for contrastive learning.)

export type CoTrainingViewSpec = {
  /** Number of examples; the first floor(n / 2) have class 0, the rest class 1. */
  n: number;
  dims1: number;
  dims2: number;
  /** Class means sit at -separation and +separation on feature 0 of each view (unit spread there). */
  separation: number;
  /** Standard deviation of every noise feature (features 1, 2, ... of each view). */
  noiseSd: number;
  /** 0 = conditionally independent views, 1 = view 2 repeats view 1's within-class variation. */
  dependence: number;
  /** View 2's first two features are rotated by this angle (radians), so it looks unlike view 1. */
  angle?: number;
};

export type CoTrainingViews = { view1: number[][]; view2: number[][]; y: number[] };

export const DEFAULT_VIEW2_ANGLE = Math.PI / 3;

/**
 * Seeded two-view generator. Per example: a class c, a sign s = 2c - 1 and a standardised
 * deviation z_k for every feature k of view 1. View 2 mixes the same z_k (same role: signal with
 * signal, noise with noise) with fresh noise:
 *
 *   u_k = sqrt(dependence) * z_k + sqrt(1 - dependence) * e_k,   e_k ~ N(0, 1)
 *   feature 0: s * separation + deviation;   feature k > 0: noiseSd * deviation
 */
export function makeCoTrainingViews(spec: CoTrainingViewSpec, seed: number): CoTrainingViews {
  const { n, dims1, dims2, separation, noiseSd } = spec;
  if (!(spec.dependence >= 0 && spec.dependence <= 1)) throw new Error('dependence must be in [0, 1]');
  if (dims1 < 1 || dims2 < 1) throw new Error('each view needs at least one feature');
  const shared = Math.sqrt(spec.dependence);
  const fresh = Math.sqrt(1 - spec.dependence);
  const angle = spec.angle ?? DEFAULT_VIEW2_ANGLE;
  const normal = gaussian(mulberry32(seed));
  const half = Math.floor(n / 2);
  const view1: number[][] = [];
  const view2: number[][] = [];
  const y: number[] = [];
  const place = (k: number, sign: number, deviation: number) =>
    k === 0 ? sign * separation + deviation : noiseSd * deviation;
  for (let i = 0; i < n; i++) {
    const c = i < half ? 0 : 1;
    const sign = 2 * c - 1;
    const z = Array.from({ length: Math.max(dims1, dims2) }, () => normal());
    const x1 = Array.from({ length: dims1 }, (_, k) => place(k, sign, z[k]!));
    const x2 = Array.from({ length: dims2 }, (_, k) => place(k, sign, shared * z[k]! + fresh * normal()));
    view1.push(x1);
    view2.push(rotateFirstTwo(x2, angle));
    y.push(c);
  }
  return { view1, view2, y };
}

function rotateFirstTwo(x: number[], angle: number): number[] {
  if (x.length < 2 || angle === 0) return x;
  const [a, b] = [x[0]!, x[1]!];
  const out = [...x];
  out[0] = Math.cos(angle) * a - Math.sin(angle) * b;
  out[1] = Math.sin(angle) * a + Math.cos(angle) * b;
  return out;
}

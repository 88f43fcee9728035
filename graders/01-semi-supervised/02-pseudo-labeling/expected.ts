import { f32, softmax, type FrozenExpectation, type Opts } from './checks';

// Server only (imported by hidden.ts): float64 re-derivations of what each function must return,
// used to judge randomly generated inputs. Not shipped to the browser.

type Matrix = number[][];

/** Cross-entropy -sum_k t_k log softmax(z)_k, in float64. */
export function crossEntropy(target: number[], logits: number[]): number {
  const top = Math.max(...logits);
  const logZ = top + Math.log(logits.reduce((s, v) => s + Math.exp(v - top), 0));
  return -target.reduce((s, t, k) => s + t * (logits[k]! - logZ), 0);
}

/** p_max >= threshold, label = first argmax; on float32-rounded probabilities. */
export function expectedSelection(probs: Matrix, threshold: number): { idx: number[]; labels: number[] } {
  const idx: number[] = [];
  const labels: number[] = [];
  f32(probs).forEach((row, i) => {
    const best = row.indexOf(Math.max(...row));
    if (row[best]! >= threshold) {
      idx.push(i);
      labels.push(best);
    }
  });
  return { idx, labels };
}

export function rampValue(t: number, T1: number, T2: number, alphaF: number): number {
  if (t < T1) return 0;
  if (t >= T2) return alphaF;
  return (alphaF * (t - T1)) / (T2 - T1);
}

export type LossCase = { logitsL: Matrix; yL: Matrix; logitsU: Matrix; targetsU: Matrix; maskU: number[]; weight: number };

/** Mean CE over labeled rows + weight * (sum over selected unlabeled rows of CE) / (all unlabeled rows). */
export function expectedLoss(c: LossCase): number {
  const zL = f32(c.logitsL);
  const zU = f32(c.logitsU);
  const supervised = zL.reduce((s, z, i) => s + crossEntropy(c.yL[i]!, z), 0) / zL.length;
  const unl = zU.reduce((s, z, i) => s + c.maskU[i]! * crossEntropy(c.targetsU[i]!, z), 0) / zU.length;
  return supervised + c.weight * unl;
}

/**
 * The loss of every step of selfTrain with the frozen model (logits = X): the model never changes,
 * so each step's loss is the supervised cross-entropy plus rampUp(step) times the masked mean
 * cross-entropy of the confident unlabeled rows against their argmax.
 */
export function expectedFrozenRun(X: Matrix, y: number[], opts: Opts): FrozenExpectation {
  const rows = f32(X);
  const onehot = (c: number) => Array.from({ length: opts.classes }, (_, k) => (k === c ? 1 : 0));
  const lab = rows.flatMap((z, i) => (y[i]! >= 0 ? [crossEntropy(onehot(y[i]!), z)] : []));
  const unlabeled = rows.flatMap((z, i) => (y[i]! < 0 ? [{ i, p: softmax(z), z }] : []));
  const supervised = lab.reduce((a, b) => a + b, 0) / lab.length;
  const labels = [...y];
  let unl = 0;
  for (const { i, p, z } of unlabeled) {
    const best = p.indexOf(Math.max(...p));
    if (p[best]! >= opts.threshold) {
      labels[i] = best;
      unl += crossEntropy(onehot(best), z);
    }
  }
  unl /= unlabeled.length;
  const weights = Array.from({ length: opts.steps }, (_, t) => rampValue(t, opts.T1, opts.T2, opts.alphaF));
  const losses = weights.map((w) => supervised + w * unl);
  return { losses, weights, labels, numPseudo: labels.filter((c, i) => y[i]! < 0 && c >= 0).length };
}

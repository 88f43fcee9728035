// Pure logic of the temperature figure: one anchor, its partner view and six negatives, each
// given by its cosine similarity to the anchor. No React here, so it can be unit-tested.

export type Candidate = { name: string; similarity: number; positive: boolean };

export const CANDIDATES: readonly Candidate[] = [
  { name: 'other view of the same image', similarity: 0.8, positive: true },
  { name: 'hard negative (a look-alike)', similarity: 0.7, positive: false },
  { name: 'negative', similarity: 0.4, positive: false },
  { name: 'negative', similarity: 0.1, positive: false },
  { name: 'negative', similarity: -0.1, positive: false },
  { name: 'negative', similarity: -0.3, positive: false },
  { name: 'negative', similarity: -0.6, positive: false },
];

export const TAU_MIN = 0.02;
export const TAU_MAX = 2;

/** Slider position 0..100 to a temperature on a log scale, so small temperatures get room. */
export function sliderToTau(position: number): number {
  const t = Math.min(100, Math.max(0, position)) / 100;
  return TAU_MIN * (TAU_MAX / TAU_MIN) ** t;
}

export function tauToSlider(tau: number): number {
  return (100 * Math.log(tau / TAU_MIN)) / Math.log(TAU_MAX / TAU_MIN);
}

/** softmax(similarity / tau), computed stably (the largest logit is subtracted first). */
export function softmaxAt(similarities: ReadonlyArray<number>, tau: number): number[] {
  const logits = similarities.map((s) => s / tau);
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** The anchor's contrastive loss: -log of the probability given to its partner. */
export function anchorLoss(similarities: ReadonlyArray<number>, positive: number, tau: number): number {
  const logits = similarities.map((s) => s / tau);
  const top = Math.max(...logits);
  const lse = top + Math.log(logits.reduce((a, l) => a + Math.exp(l - top), 0));
  return lse - logits[positive]!;
}

/** Share of the negatives' total pull taken by the hardest negative (its softmax weight among negatives). */
export function hardestShare(similarities: ReadonlyArray<number>, positive: number, tau: number): number {
  const p = softmaxAt(similarities, tau);
  const negatives = p.filter((_, i) => i !== positive);
  const total = negatives.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...negatives) / total : 0;
}

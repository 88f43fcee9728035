import { describe, expect, it } from 'vitest';
import {
  CANDIDATES,
  TAU_MAX,
  TAU_MIN,
  anchorLoss,
  hardestShare,
  sliderToTau,
  softmaxAt,
  tauToSlider,
} from './temperature-softmax-sim';

const sims = CANDIDATES.map((c) => c.similarity);

describe('temperature figure logic', () => {
  it('maps the slider onto a log scale and back', () => {
    expect(sliderToTau(0)).toBeCloseTo(TAU_MIN, 12);
    expect(sliderToTau(100)).toBeCloseTo(TAU_MAX, 12);
    expect(sliderToTau(50)).toBeCloseTo(0.2, 12);
    expect(tauToSlider(0.5)).toBeCloseTo(100 * Math.log(25) / Math.log(100), 10);
    expect(sliderToTau(tauToSlider(0.37))).toBeCloseTo(0.37, 12);
  });

  it('gives probabilities that sum to 1, sharpening as tau falls', () => {
    for (const tau of [0.02, 0.1, 0.5, 2]) expect(softmaxAt(sims, tau).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmaxAt(sims, 0.02)[0]).toBeGreaterThan(0.99);
    expect(Math.max(...softmaxAt(sims, 100)) - Math.min(...softmaxAt(sims, 100))).toBeLessThan(0.02);
  });

  it('matches the numbers quoted in the lesson', () => {
    expect(softmaxAt(sims, 0.1)[0]).toBeCloseTo(0.721, 3);
    expect(softmaxAt(sims, 0.1)[1]).toBeCloseTo(0.265, 3);
    expect(softmaxAt(sims, 1)[0]).toBeCloseTo(0.246, 3);
    expect(anchorLoss(sims, 0, 0.1)).toBeCloseTo(0.3273, 4);
    expect(anchorLoss(sims, 0, 1)).toBeCloseTo(1.4006, 4);
    expect(anchorLoss(sims, 0, 0.5)).toBeCloseTo(1.0479, 4);
  });

  it('matches the N = 2 worked example of the lesson for one anchor', () => {
    // Anchor z1_1 = (1, 0): other views at 0.8 (partner) and -0.6, the other first view at 0.
    expect(anchorLoss([0, 0.8, -0.6], 1, 0.5)).toBeCloseTo(0.2333, 4);
    expect(anchorLoss([0, 0.6, 0.8], 2, 0.5)).toBeCloseTo(0.6271, 4);
  });

  it('lets the hardest negative dominate the pull at low temperature', () => {
    expect(hardestShare(sims, 0, 0.05)).toBeGreaterThan(0.99);
    expect(hardestShare(sims, 0, 2)).toBeLessThan(0.25);
    expect(hardestShare(sims, 0, 0.1)).toBeGreaterThan(hardestShare(sims, 0, 0.5));
  });
});

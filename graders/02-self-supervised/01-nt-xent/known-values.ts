import type { KnownMistake } from './checks';

// Values for the public tests, computed in float64 and checked against the curriculum's. The
// wrong values are what known mistakes produce on the same vectors, so a failure can name its cause.
// Public on purpose: constants, not code that computes the loss.

export const FIXED_Z1 = [[1, 0], [0, 1], [1, 1]];
export const FIXED_Z2 = [[1, 0.1], [0.2, 1], [1, 0.9]];

export const FIXED: Array<{ temperature: number; want: number; mistakes: KnownMistake[] }> = [
  {
    temperature: 0.5,
    want: 1.061423,
    mistakes: [
      { value: 2.122846, hint: 'the two directions are added and divided by N (SimCLR code), not averaged over all 2N anchors.' },
      { value: 6.368538, hint: 'the per-anchor losses are summed instead of averaged.' },
      { value: 1.016605, hint: 'only the N anchors of z1 are used; the anchors of z2 count too.' },
      { value: 1.365168, hint: 'the diagonal is not masked, so each anchor also competes with itself.' },
      { value: 1.444406, hint: 'the similarities are multiplied by the temperature instead of divided.' },
      { value: 1.036447, hint: 'the rows are not l2-normalised before the dot products.' },
      { value: 0.665809, hint: 'only the other view serves as negatives (N candidates instead of 2N - 1), or the log-softmax normalises the wrong axis of an [N, 2N] logit matrix.' },
      { value: 1.299476, hint: 'the temperature has no effect (for instance, dividing before normalising).' },
    ],
  },
  {
    temperature: 0.1,
    want: 0.245596,
    mistakes: [
      { value: 0.491193, hint: 'the two directions are added and divided by N (SimCLR code), not averaged over all 2N anchors.' },
      { value: 1.473578, hint: 'the per-anchor losses are summed instead of averaged.' },
      { value: 0.190406, hint: 'only the N anchors of z1 are used; the anchors of z2 count too.' },
      { value: 0.864637, hint: 'the diagonal is not masked, so each anchor also competes with itself.' },
      { value: 1.574746, hint: 'the similarities are multiplied by the temperature instead of divided.' },
      { value: 1.031995, hint: 'the rows are not l2-normalised before the dot products.' },
      { value: 0.132841, hint: 'only the other view serves as negatives (N candidates instead of 2N - 1), or the log-softmax normalises the wrong axis of an [N, 2N] logit matrix.' },
      { value: 1.299476, hint: 'the temperature has no effect (for instance, dividing before normalising).' },
    ],
  },
];

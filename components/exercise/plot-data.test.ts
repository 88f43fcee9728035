import { expect, test } from 'vitest';
import { describeSeries, finiteExtent, formatNumber, groupSeries, linePath, niceTicks } from './plot-data';

test('validation and training variants share a group', () => {
  const groups = groupSeries({ loss: [], val_loss: [], acc: [], 'val/acc': [] });
  expect(groups.map((g) => [g.key, g.series.map((s) => s.name)])).toEqual([
    ['loss', ['loss', 'val_loss']],
    ['acc', ['acc', 'val/acc']],
  ]);
});

test('extent ignores non-finite values and pads flat series', () => {
  expect(finiteExtent([1, Number.NaN, 3, Infinity])).toEqual({ min: 1, max: 3 });
  expect(finiteExtent([2, 2])).toEqual({ min: 1.8, max: 2.2 });
  expect(finiteExtent([])).toEqual({ min: 0, max: 1 });
});

test('ticks are round numbers inside the extent', () => {
  expect(niceTicks({ min: 0, max: 1 }, 4)).toEqual([0, 0.5, 1]);
  expect(niceTicks({ min: 0.13, max: 0.69 }, 4)).toEqual([0.2, 0.4, 0.6]);
});

test('a NaN breaks the line', () => {
  const path = linePath(
    [
      { step: 0, value: 1 },
      { step: 1, value: 2 },
      { step: 2, value: Number.NaN },
      { step: 3, value: 3 },
    ],
    (s) => s * 10,
    (v) => v,
  );
  expect(path).toBe('M0,1L10,2M30,3');
});

test('numbers and descriptions read well', () => {
  expect(formatNumber(0.123456)).toBe('0.1235');
  expect(formatNumber(1e-5)).toBe('1.00e-5');
  expect(formatNumber(Number.NaN)).toBe('NaN');
  expect(
    describeSeries({
      name: 'loss',
      points: [
        { step: 0, value: 0.69 },
        { step: 1, value: 0.3 },
        { step: 2, value: Number.NaN },
      ],
    }),
  ).toBe('loss: 3 points, steps 0 to 2; first 0.69, last NaN, lowest 0.3, highest 0.69; not a finite number from step 2.');
});

import { expect, test } from 'vitest';
import { z } from 'zod';
import { defineTest, type AnyGraderTest } from './contract';
import { prepareTests, toProbeJobs } from './judge';
import { deepFreeze, preparedRun } from './prepared-cache';

let prepareCalls = 0;
const suite: AnyGraderTest[] = [
  defineTest({
    id: 'sum',
    name: 'sums',
    task: 1,
    points: 1,
    probe: 'sum',
    prepare: (seed) => {
      prepareCalls++;
      return { input: { xs: [seed % 7, 2, 3] }, secret: { total: (seed % 7) + 5, weights: new Float32Array([1, 2]) } };
    },
    observed: z.number(),
    judge: (observed, { secret }) => ({ pass: observed === secret.total, message: '' }),
  }),
];

test('a grader version and seed are prepared once and then served from the cache', () => {
  const expected = toProbeJobs(prepareTests(suite, 42));
  const before = prepareCalls;
  const first = preparedRun('v-cache-1', 42, suite);
  const second = preparedRun('v-cache-1', 42, suite);
  expect(second).toBe(first);
  expect(prepareCalls - before).toBe(1);
  expect(first.jobs).toEqual(expected);
  preparedRun('v-cache-1', 43, suite);
  preparedRun('v-cache-2', 42, suite);
  expect(prepareCalls - before).toBe(3);
});

test('a judge that writes to its cached input or secret throws instead of corrupting the next grade', () => {
  const run = preparedRun('v-cache-frozen', 1, suite);
  const { input, secret } = run.tests[0]! as unknown as { input: { xs: number[] }; secret: { total: number } };
  expect(() => {
    input.xs.push(4);
  }).toThrow(TypeError);
  expect(() => {
    secret.total = 0;
  }).toThrow(TypeError);
  expect(() => {
    (run.jobs as unknown as unknown[]).push({});
  }).toThrow(TypeError);
});

test('deep freezing reaches nested arrays and Map values, leaves typed arrays writable and survives cycles', () => {
  const cyclic: Record<string, unknown> = { list: [{ a: 1 }], map: new Map([['k', { b: 2 }]]), data: new Float64Array(2) };
  cyclic.self = cyclic;
  deepFreeze(cyclic);
  expect(Object.isFrozen(cyclic)).toBe(true);
  expect(Object.isFrozen((cyclic.list as object[])[0])).toBe(true);
  expect(Object.isFrozen((cyclic.map as Map<string, object>).get('k'))).toBe(true);
  (cyclic.data as Float64Array)[0] = 1;
  expect((cyclic.data as Float64Array)[0]).toBe(1);
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, test } from 'vitest';
import { registerMissingWasmKernels } from './wasm-kernels';

beforeAll(async () => {
  registerMissingWasmKernels(tf as unknown as Parameters<typeof registerMissingWasmKernels>[0]);
  await tf.setBackend('wasm');
});

test('unsortedSegmentSum on wasm sums rows per segment and drops out-of-range ids', () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const out = tf.unsortedSegmentSum(x, tf.tensor1d([1, 0, 1, 5], 'int32'), 3);
  expect(out.arraySync()).toEqual([[3, 4], [6, 8], [0, 0]]);
});

test('the gradient of tf.gather works on wasm and matches the analytic one', () => {
  const params = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
  const grad = tf.grad((p: tf.Tensor) => tf.gather(p, tf.tensor1d([2, 0, 2], 'int32')).sum())(params);
  expect(grad.arraySync()).toEqual([[1, 1], [0, 0], [2, 2]]);
});

import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { LAZY_TFJS_KEYS, loadLeanTfjs } from './tfjs-lean';

const requireFromHere = createRequire(import.meta.url);

function tracked(): { require: Parameters<typeof loadLeanTfjs>[0]; loaded: string[] } {
  const loaded: string[] = [];
  const fn = ((name: string): unknown => {
    loaded.push(name);
    return requireFromHere(name);
  }) as Parameters<typeof loadLeanTfjs>[0];
  fn.resolve = (name: string) => requireFromHere.resolve(name);
  return { require: fn, loaded };
}

test('the lean namespace has exactly the keys of @tensorflow/tfjs, with the same values', () => {
  const full = requireFromHere('@tensorflow/tfjs') as Record<string, unknown>;
  const lean = loadLeanTfjs(tracked().require);
  expect(Object.keys(lean).sort()).toEqual(Object.keys(full).sort());
  for (const key of Object.keys(full)) {
    if (key === 'data' || key === 'version') expect(lean[key], key).toEqual(full[key]);
    else expect(lean[key], key).toBe(full[key]);
  }
});

test('the lean namespace defers layers, the converter, tfjs-data and the cpu and webgl backends until one of their keys is read', () => {
  const { require, loaded } = tracked();
  const lean = loadLeanTfjs(require);
  const deferred = ['@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-data', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl'];
  expect(loaded).toContain('@tensorflow/tfjs-core');
  for (const name of deferred) expect(loaded).not.toContain(name);
  expect(typeof lean.matMul).toBe('function');
  expect(loaded.filter((name) => deferred.includes(name))).toEqual([]);
  expect(typeof lean.sequential).toBe('function');
  expect(loaded).toContain('@tensorflow/tfjs-layers');
  expect(typeof lean.loadGraphModel).toBe('function');
  expect(loaded).toContain('@tensorflow/tfjs-converter');
  expect(loaded).not.toContain('@tensorflow/tfjs-data');
});

test('a layers model built through the lean namespace trains', async () => {
  const tf = loadLeanTfjs(tracked().require) as unknown as typeof import('@tensorflow/tfjs');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: tf.initializers.zeros() })] });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  const history = await model.fit(tf.tensor2d([[1], [2]]), tf.tensor2d([[2], [4]]), { epochs: 5, verbose: 0 });
  const losses = history.history.loss as number[];
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
});

test('tensors of the lean namespace have chained methods and gradients (registered by the tfjs bundle)', () => {
  const tf = loadLeanTfjs(tracked().require) as unknown as typeof import('@tensorflow/tfjs');
  const x = tf.tensor1d([1, 2, 3]);
  expect(Array.from(x.mul(2).dataSync())).toEqual([2, 4, 6]);
  const dx = tf.grad((v: import('@tensorflow/tfjs').Tensor) => v.square().sum())(x);
  expect(Array.from(dx.dataSync())).toEqual([2, 4, 6]);
});

test('every lazy key exists in the full package (the list matches the installed tfjs)', () => {
  const full = requireFromHere('@tensorflow/tfjs') as Record<string, unknown>;
  for (const key of Object.keys(LAZY_TFJS_KEYS)) expect(key in full, key).toBe(true);
});

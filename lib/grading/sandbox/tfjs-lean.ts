import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The `@tensorflow/tfjs` namespace for the grading child, without paying for all of it up front.
 *
 * `require('@tensorflow/tfjs')` evaluates seven bundles (~7 MB of JavaScript). Its own bundle
 * (tf.node.js) registers every gradient and the chained tensor methods (`x.mul(y)`), which learner
 * code needs, on top of tfjs-core; tfjs-layers, the converter, tfjs-data and the cpu and webgl
 * backends only add exports that most exercises never touch (the child runs on wasm). Every
 * grading job is a fresh process, so that import was the largest single cost of a light grade
 * (docs/benchmarks.md). Here tf.node.js is evaluated with those five packages deferred, and the 43
 * keys they provide (tf.layers, tf.sequential, tf.data, tf.loadGraphModel, tf.version …) load the
 * real package on first access. The namespace has exactly the keys and values of the full package
 * (tfjs-lean.test.ts), so learner code sees no difference beyond the time such an access takes.
 * tfjs is pinned (package.json); an upgrade that changes the bundle's shape fails that test.
 */

type Namespace = Record<string, unknown>;
type RequireFn = ((name: string) => unknown) & { resolve: (name: string) => string };

const DEFERRED = {
  layers: '@tensorflow/tfjs-layers',
  converter: '@tensorflow/tfjs-converter',
  data: '@tensorflow/tfjs-data',
  cpu: '@tensorflow/tfjs-backend-cpu',
  webgl: '@tensorflow/tfjs-backend-webgl',
} as const;

/** The keys of `@tensorflow/tfjs` 4.22 that come from the deferred packages, and where from (43 of 513). */
export const LAZY_TFJS_KEYS = {
  data: 'data',
  version: 'version',
  Callback: 'layers',
  CallbackList: 'layers',
  CustomCallback: 'layers',
  EarlyStopping: 'layers',
  History: 'layers',
  InputSpec: 'layers',
  LayerVariable: 'layers',
  LayersModel: 'layers',
  RNN: 'layers',
  Sequential: 'layers',
  SymbolicTensor: 'layers',
  callbacks: 'layers',
  constraints: 'layers',
  initializers: 'layers',
  input: 'layers',
  layers: 'layers',
  loadLayersModel: 'layers',
  metrics: 'layers',
  model: 'layers',
  models: 'layers',
  registerCallbackConstructor: 'layers',
  regularizers: 'layers',
  sequential: 'layers',
  version_layers: 'layers',
  GraphModel: 'converter',
  deregisterOp: 'converter',
  loadGraphModel: 'converter',
  loadGraphModelSync: 'converter',
  registerOp: 'converter',
  version_converter: 'converter',
  MathBackendCPU: 'cpu',
  shared: 'cpu',
  version_cpu: 'cpu',
  GPGPUContext: 'webgl',
  MathBackendWebGL: 'webgl',
  forceHalfFloat: 'webgl',
  gpgpu_util: 'webgl',
  setWebGLContext: 'webgl',
  version_webgl: 'webgl',
  webgl: 'webgl',
  webgl_util: 'webgl',
} as const satisfies Record<string, keyof typeof DEFERRED | 'version'>;

export function loadLeanTfjs(requireFn: RequireFn): Namespace {
  const file = requireFn.resolve('@tensorflow/tfjs');
  const deferredNames = new Set<string>(Object.values(DEFERRED));
  // An empty stand-in for each deferred package: the bundle only re-exports their keys.
  const shim = (name: string): unknown => (deferredNames.has(name) ? {} : requireFn(name));
  const evaluate = vm.compileFunction(fs.readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
  });
  const module = { exports: {} as Namespace };
  evaluate.call(module.exports, module.exports, shim, module, file, path.dirname(file));
  const bundle = module.exports;

  const tf: Namespace = {};
  for (const key of Object.keys(bundle)) {
    if (key in LAZY_TFJS_KEYS) continue;
    Object.defineProperty(tf, key, { enumerable: true, get: () => bundle[key] });
  }
  const real = (which: keyof typeof DEFERRED): Namespace => requireFn(DEFERRED[which]) as Namespace;
  let data: Namespace | undefined;
  let version: Namespace | undefined;
  for (const [key, from] of Object.entries(LAZY_TFJS_KEYS)) {
    const get = (): unknown => {
      // As the bundle's _interopNamespaceDefault builds it.
      if (from === 'data') return (data ??= { ...real('data'), default: real('data') });
      if (from === 'version') {
        return (version ??= {
          ...(bundle.version as Namespace),
          'tfjs-layers': real('layers').version_layers,
          'tfjs-backend-cpu': real('cpu').version_cpu,
          'tfjs-backend-webgl': real('webgl').version_webgl,
          'tfjs-data': real('data').version_data,
          'tfjs-converter': real('converter').version_converter,
        });
      }
      return real(from)[key];
    };
    Object.defineProperty(tf, key, { enumerable: true, get });
  }
  return tf;
}

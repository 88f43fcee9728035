/**
 * Kernels the tfjs wasm backend (4.22) lacks but learners reach through ordinary ops. Without
 * UnsortedSegmentSum, the gradient of tf.gather throws "Kernel 'UnsortedSegmentSum' not
 * registered", so a correct training loop that gathers rows fails on wasm while it works on cpu.
 * Registered in the browser runner and the server sandbox alike, so both grade the same code.
 */

type TypedArray = Float32Array | Int32Array | Uint8Array;
type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type WasmBackend = {
  readSync(dataId: object): unknown;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
};
type KernelArgs = {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: WasmBackend;
  attrs: { numSegments: number };
};
type KernelRegistry = {
  getKernel(kernelName: string, backendName: string): unknown;
  registerKernel(config: { kernelName: string; backendName: string; kernelFunc: (args: KernelArgs) => TensorInfo }): void;
};

/** Sums rows of x into numSegments buckets by segmentIds; ids outside [0, numSegments) are dropped, as in TensorFlow. */
export function unsortedSegmentSumWasm({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, segmentIds } = inputs;
  const xVals = backend.readSync(x.dataId) as TypedArray;
  const ids = backend.readSync(segmentIds.dataId) as TypedArray;
  const rows = ids.length;
  const inner = rows === 0 ? 0 : xVals.length / rows;
  const out = backend.makeOutput([attrs.numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const outVals = backend.typedArrayFromHeap(out);
  outVals.fill(0);
  for (let i = 0; i < rows; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= attrs.numSegments) continue;
    for (let j = 0; j < inner; j++) outVals[segment * inner + j]! += xVals[i * inner + j]!;
  }
  return out;
}

export function registerMissingWasmKernels(tf: KernelRegistry): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm });
}

/**
 * For probes that differentiate learner code: "Kernel 'UnsortedSegmentSum' not registered" can only
 * mean registerMissingWasmKernels was skipped, a platform bug rather than the learner's. Rethrown
 * as "Grader bug: ...", which the server reports as a grader error instead of a learner failure.
 */
export function rethrowMissingWasmKernel(error: unknown): void {
  if (error instanceof Error && /UnsortedSegmentSum/.test(error.message)) {
    throw new Error(
      'Grader bug: the UnsortedSegmentSum kernel (used by the gradient of tf.gather) is not registered on ' +
        'this backend. This is a problem with the course platform, not with your code.',
    );
  }
}

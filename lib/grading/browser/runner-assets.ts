import { z } from 'zod';

/** URL path (and public/ subfolder) of everything the runner iframe may load. */
export const RUNNER_ASSET_PATH = '/runner-assets/';

/**
 * The ES2017 UMD build: the default tf.min.js carries ES5 polyfills that call Function('...'),
 * which the runner's CSP (no 'unsafe-eval') rejects with an EvalError at load.
 */
export const TF_SCRIPT = 'tf.es2017.min.js';
/** ES2017 too: the ES5 backend cannot subclass tfjs-core's native ES2017 classes. */
export const TF_WASM_SCRIPT = 'tf-backend-wasm.es2017.min.js';
export const RUNNER_FRAME_SCRIPT = 'runner-frame.js';
export const RUNNER_WORKER_SCRIPT = 'runner-worker.js';
export const WASM_SIMD = 'tfjs-backend-wasm-simd.wasm';
export const WASM_PLAIN = 'tfjs-backend-wasm.wasm';
export const MANIFEST_FILE = 'manifest.json';

/** Global the grader bundle assigns `{ probes, tests }` to, inside the worker. */
export const GRADER_GLOBAL = '__grader';
/** Global the wrapped learner module assigns its factory to, inside the worker. */
export const LEARNER_GLOBAL = '__learnerFactory';
/**
 * Global through which runner-worker.js lends its zod to grader bundles, so each exercise bundle
 * does not ship its own copy (their schemas only need a zod, not the same one).
 */
export const ZOD_GLOBAL = '__runnerZod';

export function graderAssetName(slug: string): string {
  return `graders/${slug}.js`;
}

const ASSET_NAME = /^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*)?$/;

/** Written by scripts/build-assets.ts; maps each asset to a short content hash. */
export const RunnerManifestSchema = z.object({
  version: z.literal(1),
  files: z.record(z.string().regex(ASSET_NAME), z.string().regex(/^[a-f0-9]{8,64}$/)),
});
export type RunnerManifest = z.infer<typeof RunnerManifestSchema>;

/** Embedded by app/runner/route.ts in the runner document; read by the frame script. */
export const RunnerConfigSchema = z.object({ origin: z.url(), manifest: RunnerManifestSchema });
export type RunnerConfig = z.infer<typeof RunnerConfigSchema>;
export const RUNNER_CONFIG_ELEMENT_ID = 'runner-config';

/**
 * Versioned URL of an asset. The hash query makes a rebuilt asset a new URL, so no cache (browser
 * or CDN) can hand a learner yesterday's grader. Returns null for assets the build did not emit.
 */
export function assetUrl(origin: string, manifest: RunnerManifest, name: string): string | null {
  const hash = manifest.files[name];
  if (!hash) return null;
  return `${origin}${RUNNER_ASSET_PATH}${name}?v=${hash}`;
}

import type { Plugin } from 'esbuild';

/**
 * Replaces an import with a global the runner worker already has. tfjs is loaded once from its
 * UMD build (tf.min.js); bundling it again into runner-worker.js or a grader would double the
 * download and give learner code and graders two different tfjs engines.
 */
export function globalModule(specifier: RegExp, globalExpression: string, name: string): Plugin {
  return {
    name: `global-${name}`,
    setup(build) {
      build.onResolve({ filter: specifier }, () => ({ path: name, namespace: `global-${name}` }));
      build.onLoad({ filter: /.*/, namespace: `global-${name}` }, () => ({
        contents: `module.exports = ${globalExpression};`,
        loader: 'js',
      }));
    },
  };
}

/**
 * transpile.ts exports helpers the worker uses next to the page-only transpiler; sucrase has no
 * `sideEffects: false`, so without this esbuild keeps the whole compiler in the worker bundle.
 */
export function sideEffectFree(specifier: RegExp): Plugin {
  return {
    name: 'side-effect-free',
    setup(build) {
      build.onResolve({ filter: specifier }, async (args) => {
        if (args.pluginData === 'side-effect-free') return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'side-effect-free',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

/**
 * `z.locales` (every translation of zod's messages, ~260 KB minified) is reachable only through
 * the `z` namespace, which defeats tree shaking. The runner never switches locale; English comes
 * from locales/en.js, imported directly by zod's schemas.
 */
export function dropZodLocales(): Plugin {
  return {
    name: 'drop-zod-locales',
    setup(build) {
      build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
        /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
          ? { path: 'zod-locales', namespace: 'empty-zod-locales' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'empty-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  };
}

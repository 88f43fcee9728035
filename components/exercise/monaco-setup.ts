import type { Monaco } from '@monaco-editor/react';

/** Emitted by scripts/build-assets.ts: `{ "file:///node_modules/@tensorflow/<pkg>/<file>": "<content>" }`. */
export const TFJS_TYPES_URL = '/monaco/tfjs-types.json';

// Compiler options and extra libs are global to the Monaco instance: set them once per page load,
// not once per editor mount (React strict mode mounts twice in development).
let configured = false;
let typesLoad: Promise<boolean> | null = null;

type TypeScriptApi = Monaco['typescript'];

/** Monaco 0.57 moved the TS API to `monaco.typescript`; older builds only have `languages.typescript`. */
function typescriptApi(monaco: Monaco): TypeScriptApi | null {
  const modern = (monaco as { typescript?: TypeScriptApi }).typescript;
  if (modern?.typescriptDefaults) return modern;
  const legacy = (monaco.languages as unknown as { typescript?: TypeScriptApi }).typescript;
  return legacy?.typescriptDefaults ? legacy : null;
}

export function configureTypeScript(monaco: Monaco): void {
  if (configured) return;
  const ts = typescriptApi(monaco);
  if (!ts) return;
  configured = true;
  ts.typescriptDefaults.setCompilerOptions({
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    noEmit: true,
    esModuleInterop: true,
    allowNonTsExtensions: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  // Type errors appear before the learner presses Run, not only when the file is focused.
  ts.typescriptDefaults.setEagerModelSync(true);
}

/**
 * Loads the tfjs declaration files into the TS worker so that `tf.` completes and misuse is underlined.
 * Every entry is added, package.json files included: the worker resolves `@tensorflow/tfjs` through them.
 * Resolves to false when the types could not be loaded; imports of tfjs then type as `any` rather than
 * showing a "cannot find module" error the learner cannot fix.
 */
export function loadTfjsTypes(monaco: Monaco): Promise<boolean> {
  if (typesLoad) return typesLoad;
  const ts = typescriptApi(monaco);
  if (!ts) return Promise.resolve(false);
  typesLoad = fetch(TFJS_TYPES_URL, { credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const files: unknown = await response.json();
      if (typeof files !== 'object' || files === null) throw new Error('not a JSON object');
      let added = 0;
      for (const [path, content] of Object.entries(files as Record<string, unknown>)) {
        if (typeof content !== 'string' || !path.startsWith('file:///')) continue;
        ts.typescriptDefaults.addExtraLib(content, path);
        added += 1;
      }
      if (added === 0) throw new Error('no declaration files');
      return true;
    })
    .catch((error: unknown) => {
      console.warn('TensorFlow.js types for the editor could not be loaded:', error);
      ts.typescriptDefaults.addExtraLib(
        "declare module '@tensorflow/tfjs';",
        'file:///node_modules/@types/tfjs-unavailable/index.d.ts',
      );
      return false;
    });
  return typesLoad;
}

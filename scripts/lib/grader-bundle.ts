import { build, type Metafile } from 'esbuild';
import { GRADER_GLOBAL, ZOD_GLOBAL } from '../../lib/grading/browser/runner-assets';
import { globalModule } from './esbuild-plugins';

/** Anything a learner's browser must never receive: hidden tests, the solution, mutants. */
const SECRET_INPUT = /(^|[\\/])(hidden|solution)(\.[a-z]+)?$|(^|[\\/])(hidden|solution|mutants)[\\/]/i;

export function assertNoSecrets(label: string, metafile: Metafile): void {
  const leaked = Object.keys(metafile.inputs).filter((input) => SECRET_INPUT.test(input));
  if (leaked.length === 0) return;
  const importers = Object.entries(metafile.inputs)
    .filter(([, info]) => info.imports.some((imp) => leaked.includes(imp.path)))
    .map(([input]) => input);
  throw new Error(
    `SECURITY: the public grader bundle of ${label} would include ${leaked.join(', ')} ` +
      `(imported by ${importers.join(', ') || 'the entry'}). probes.ts and public.ts must not import hidden tests or the solution.`,
  );
}

/**
 * The browser's copy of an exercise's grader: probes.ts + public.ts as one IIFE that sets
 * `self.__grader = { probes, tests }`, with tfjs and zod taken from the runner worker's globals.
 * Throws (and writes nothing) if hidden tests, the solution or a mutant would be inside.
 */
export async function bundleGrader(graderDir: string, label: string, absWorkingDir: string): Promise<Uint8Array> {
  const result = await build({
    stdin: {
      contents:
        `import { probes } from './probes';\nimport { tests } from './public';\n` +
        `(self as any).${GRADER_GLOBAL} = { probes, tests };\n`,
      resolveDir: graderDir,
      sourcefile: 'grader-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    absWorkingDir,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [
      globalModule(/^@tensorflow\/tfjs$/, 'self.tf', 'tfjs'),
      globalModule(/^zod(\/v4)?$/, `self.${ZOD_GLOBAL}`, 'zod'),
    ],
    metafile: true,
  });
  assertNoSecrets(label, result.metafile);
  return result.outputFiles[0]!.contents;
}

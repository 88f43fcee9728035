import { transform } from 'sucrase';

export type TranspileResult =
  | { ok: true; js: string }
  | { ok: false; message: string; line?: number; column?: number };

/**
 * Learner TypeScript -> CommonJS JavaScript. Sucrase keeps line numbers unchanged, which is what
 * lets runtime errors point at the learner's own lines. Used by the page and by the server alike.
 */
export function transpileLearnerCode(source: string): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      disableESTransforms: true,
      production: true,
    });
    return { ok: true, js: code };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // Sucrase reports "Unexpected token (3:14)" style positions.
    const pos = raw.match(/\((\d+):(\d+)\)/);
    const line = pos ? Number(pos[1]) : undefined;
    const column = pos ? Number(pos[2]) + 1 : undefined;
    const where = line ? ` on line ${line}` : '';
    return {
      ok: false,
      message: `Syntax error${where}: ${raw.replace(/\s*\(\d+:\d+\)\s*$/, '')}`,
      ...(line ? { line } : {}),
      ...(column ? { column } : {}),
    };
  }
}

/**
 * Wraps transpiled CommonJS so that it can be evaluated as a function of (exports, require,
 * module). The prefix stays on line 1 so the learner's line numbers survive.
 */
export function wrapCommonJs(js: string, globalName: string): string {
  return `${globalName} = function (exports, require, module) {${js}\n};`;
}

import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleMDX } from 'mdx-bundler';
import rehypeHighlight from 'rehype-highlight';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { ContentError } from './errors';

export type CompiledMdx = { code: string };

const cache = new Map<string, { mtimeKey: string; compiled: CompiledMdx }>();

/** Compiles one MDX file to a component bundle; errors name the file and line. */
export async function compileMdxFile(absFile: string): Promise<CompiledMdx> {
  const source = readFileSync(absFile, 'utf8');
  const key = source;
  const hit = cache.get(absFile);
  if (hit && hit.mtimeKey === key) return hit.compiled;
  const rel = path.relative(process.cwd(), absFile);
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(absFile),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkMath];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          [rehypeKatex, { throwOnError: true, strict: 'ignore' }],
          [rehypeHighlight, { detect: false, ignoreMissing: true }],
        ];
        return options;
      },
    });
    const compiled = { code: result.code };
    cache.set(absFile, { mtimeKey: key, compiled });
    return compiled;
  } catch (error) {
    throw toContentError(rel, error);
  }
}

function toContentError(file: string, error: unknown): ContentError {
  const errors = (error as { errors?: Array<{ text?: string; location?: { line?: number } | null; detail?: unknown }> }).errors;
  const first = errors?.[0];
  if (first) {
    const detailLine = (first.detail as { place?: { line?: number }; line?: number } | undefined);
    const line = detailLine?.place?.line ?? detailLine?.line ?? first.location?.line ?? undefined;
    return new ContentError(file, line, first.text ?? 'MDX could not be compiled');
  }
  const message = error instanceof Error ? error.message : String(error);
  const pos = message.match(/(\d+):(\d+)/);
  return new ContentError(file, pos ? Number(pos[1]) : undefined, message.split('\n')[0] ?? 'MDX could not be compiled');
}

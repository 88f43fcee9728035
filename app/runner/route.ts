import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NextRequest } from 'next/server';
import {
  assetUrl,
  MANIFEST_FILE,
  RUNNER_ASSET_PATH,
  RUNNER_CONFIG_ELEMENT_ID,
  RUNNER_FRAME_SCRIPT,
  type RunnerConfig,
  RunnerManifestSchema,
  type RunnerManifest,
} from '@/lib/grading/browser/runner-assets';

// The manifest changes on every asset build; the document must never be cached (no-store).
export const dynamic = 'force-dynamic';

/**
 * The runner document, embedded by the exercise page as <iframe sandbox="allow-scripts">. Its CSP
 * allows scripts only from the runner asset folder (plus blob: for the worker and learner code),
 * and connections only to blob:, so learner code cannot call the app's API from here.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const origin = requestOrigin(request);
  let manifest: RunnerManifest;
  try {
    manifest = await readManifest();
  } catch {
    return new Response('Runner assets are not built: run `npx tsx scripts/build-assets.ts`.', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const frameScript = assetUrl(origin, manifest, RUNNER_FRAME_SCRIPT);
  const runnerConfig: RunnerConfig = { origin, manifest };
  // A JSON data block is never executed, so it needs no CSP allowance; escaping '<' keeps it inert.
  const config = JSON.stringify(runnerConfig).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>runner</title>
<script id="${RUNNER_CONFIG_ELEMENT_ID}" type="application/json">${config}</script>
<script src="${escapeAttr(frameScript ?? '')}"></script>
</head><body></body></html>`;
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': [
        "default-src 'none'",
        // 'wasm-unsafe-eval' lets WebAssembly compile (the tfjs wasm backend); JS eval stays blocked.
        `script-src ${origin}${RUNNER_ASSET_PATH} blob: 'unsafe-inline' 'wasm-unsafe-eval'`,
        'worker-src blob:',
        'connect-src blob:',
        "style-src 'unsafe-inline'",
      ].join('; '),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    },
  });
}

/** The origin the browser used, so the CSP names exactly the host the assets come from. */
function requestOrigin(request: NextRequest): string {
  const host = firstValue(request.headers.get('x-forwarded-host')) ?? request.headers.get('host');
  const proto = firstValue(request.headers.get('x-forwarded-proto')) ?? request.nextUrl.protocol.replace(/:$/, '');
  if (host && /^[a-z0-9.-]+(:\d+)?$/i.test(host) && (proto === 'http' || proto === 'https')) {
    return `${proto}://${host}`;
  }
  return request.nextUrl.origin;
}

function firstValue(header: string | null): string | null {
  const value = header?.split(',')[0]?.trim();
  return value ? value : null;
}

async function readManifest(): Promise<RunnerManifest> {
  // Re-read per request: it is tiny, and a dev rebuild of the assets must take effect at once.
  const file = path.join(process.cwd(), 'public', RUNNER_ASSET_PATH, MANIFEST_FILE);
  return RunnerManifestSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { log } from '@/lib/log';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function jsonError(status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json({ error: message }, { status, headers });
}

/**
 * Runs a route handler; HttpErrors become their status with a message, anything else a 500 with
 * a generic message (the detail goes to the server log, never to the client).
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fn();
  } catch (error) {
    if (error instanceof HttpError) response = jsonError(error.status, error.message, error.headers);
    else {
      log.error('api: unhandled error', { error });
      response = jsonError(500, 'Something went wrong on our side. Please try again.');
    }
  }
  return withServerTiming(response, performance.now() - started);
}

/**
 * `Server-Timing: handler;dur=…`: the time inside our handler, so a client (the browser's devtools,
 * bench:load) can tell it from the framework, the network and its own waiting. The handler's total
 * only: a breakdown by step would tell callers more about the server than they need.
 */
function withServerTiming(response: Response, ms: number): Response {
  try {
    response.headers.set('Server-Timing', `handler;dur=${ms.toFixed(1)}`);
  } catch {
    // Immutable headers (a Response.redirect): go without.
  }
  return response;
}

/**
 * State-changing requests must come from our own pages. Route handlers have no built-in CSRF
 * protection, and a sandboxed iframe sends `Origin: null`, which must never pass.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || origin === 'null' || !host) throw new HttpError(403, 'Cross-site request refused.');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'Cross-site request refused.');
  }
  if (originHost !== host) throw new HttpError(403, 'Cross-site request refused.');
}

export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const tooLarge = () => new HttpError(413, `Request body too large (limit ${Math.round(maxBytes / 1024)} KB).`);
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBytes) throw tooLarge();
  const text = await readCapped(request, maxBytes, tooLarge);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body must be valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, `Invalid request: ${where}${issue?.message ?? 'bad input'}`);
  }
  return parsed.data;
}

/**
 * Reads the body as text, stopping at maxBytes: a chunked body without Content-Length is never
 * buffered past the limit. A body the client abandoned (navigation during a draft save) is a 400,
 * not a server error: nothing was stored and nobody is waiting for the answer.
 */
async function readCapped(request: Request, maxBytes: number, tooLarge: () => HttpError): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body was not received completely.');
  }
  return Buffer.concat(chunks).toString('utf8');
}

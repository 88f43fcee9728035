import { expect, test } from 'vitest';
import { z } from 'zod';
import { handle, HttpError, readJson } from './responses';

const Schema = z.object({ code: z.string() });

function streamed(chunks: string[], fail = false): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) {
        if (fail) controller.error(new Error('aborted'));
        else controller.close();
        return;
      }
      controller.enqueue(new TextEncoder().encode(chunks[pulled++]!));
    },
  });
  const request = new Request('http://app.test/api/drafts/x', { method: 'PUT', body, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  const error = await promise.catch((e: unknown) => e);
  return error instanceof HttpError ? error.status : undefined;
}

test('a body streamed without Content-Length is refused with 413 as soon as it passes the limit', async () => {
  const { request, pulled } = streamed(Array.from({ length: 100 }, () => 'x'.repeat(1024)));
  expect(await statusOf(readJson(request, Schema, 4 * 1024))).toBe(413);
  expect(pulled()).toBeLessThan(10);
});

test('a body the client abandoned midway is a 400, not a server error', async () => {
  const { request } = streamed(['{"code":"par'], true);
  expect(await statusOf(readJson(request, Schema, 64 * 1024))).toBe(400);
});

test('a body split across chunks (even inside a multi-byte character) is read whole', async () => {
  const text = JSON.stringify({ code: 'λ = 0.5 # ünïcode' });
  const bytes = new TextEncoder().encode(text);
  const mid = text.indexOf('λ') + 1; // splits the two bytes of λ
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, mid));
      controller.enqueue(bytes.slice(mid));
      controller.close();
    },
  });
  const request = new Request('http://app.test/x', { method: 'PUT', body, duplex: 'half' } as RequestInit);
  expect(await readJson(request, Schema, 1024)).toEqual({ code: 'λ = 0.5 # ünïcode' });
});

test('a declared Content-Length over the limit is refused before reading', async () => {
  const request = new Request('http://app.test/x', {
    method: 'PUT',
    body: '{}',
    headers: { 'content-length': String(10 * 1024 * 1024) },
  });
  expect(await statusOf(readJson(request, Schema, 1024))).toBe(413);
});

test('every handled response, refusals included, says how long the handler took', async () => {
  const ok = await handle(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return Response.json({ ok: true }, { status: 202 });
  });
  const refused = await handle(async () => {
    throw new HttpError(409, 'busy');
  });
  const crashed = await handle(async () => {
    throw new Error('boom');
  });
  const duration = (r: Response) => Number(/^handler;dur=([\d.]+)$/.exec(r.headers.get('server-timing') ?? '')?.[1]);
  expect(duration(ok)).toBeGreaterThanOrEqual(19);
  expect(duration(refused)).toBeGreaterThanOrEqual(0);
  expect(refused.status).toBe(409);
  expect(crashed.status).toBe(500);
  expect(duration(crashed)).toBeGreaterThanOrEqual(0);
  const redirect = await handle(async () => Response.redirect('http://localhost/next', 303));
  expect(redirect.status).toBe(303);
});

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { saveDraft, selectDraft } from '@/lib/db/drafts';
import { findExerciseByUuid } from '@/lib/exercises/catalogue';
import { assertSameOrigin, handle, HttpError, readJson } from '@/lib/http/responses';
import { MAX_CODE_BYTES } from '@/lib/submissions/accept';

type Context = { params: Promise<{ exerciseUuid: string }> };

const DraftBodySchema = z.object({
  code: z.string().max(MAX_CODE_BYTES, 'code is longer than 64 KB'),
  /** The editor session (one per page load) and its edit number: see saveDraft. */
  session: z.string().min(8).max(100).optional(),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

async function exerciseFrom(context: Context): Promise<string> {
  const { exerciseUuid } = await context.params;
  const exercise = findExerciseByUuid(exerciseUuid);
  if (!exercise) throw new HttpError(404, 'No such exercise.');
  return exercise.meta.uuid;
}

export async function GET(_request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const draft = await selectDraft(await getDb(), user.id, await exerciseFrom(context));
    if (!draft) throw new HttpError(404, 'No draft saved yet.');
    return NextResponse.json({ code: draft.code, updatedAt: draft.updatedAt });
  });
}

export async function PUT(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const uuid = await exerciseFrom(context);
    const body = await readJson(request, DraftBodySchema, MAX_CODE_BYTES * 2 + 1024);
    const saved = await saveDraft(await getDb(), {
      userId: user.id,
      exerciseUuid: uuid,
      code: body.code,
      order: body.session !== undefined && body.seq !== undefined ? { session: body.session, seq: body.seq } : null,
    });
    return NextResponse.json(saved);
  });
}

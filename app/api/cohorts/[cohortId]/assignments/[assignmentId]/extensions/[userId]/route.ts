import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { clearExtension, setExtension } from '@/lib/cohorts/assignments';
import { DueDateSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string; assignmentId: string; userId: string }> };

export async function PUT(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, assignmentId, userId } = await context.params;
    const { dueAt } = await readJson(request, DueDateSchema, 1024);
    await setExtension(await getDb(), user.id, cohortId, assignmentId, userId, dueAt);
    return NextResponse.json({ dueAt });
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, assignmentId, userId } = await context.params;
    await clearExtension(await getDb(), user.id, cohortId, assignmentId, userId);
    return new Response(null, { status: 204 });
  });
}

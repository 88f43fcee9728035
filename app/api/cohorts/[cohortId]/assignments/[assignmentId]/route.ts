import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { changeDueDate, removeAssignment } from '@/lib/cohorts/assignments';
import { loadAssignmentInsights } from '@/lib/cohorts/dashboard';
import { DueDateSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string; assignmentId: string }> };

/** Pass rate, median attempts, the tests that fail most and who has not passed yet. */
export async function GET(_request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const { cohortId, assignmentId } = await context.params;
    return NextResponse.json(await loadAssignmentInsights(await getDb(), user.id, cohortId, assignmentId));
  });
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, assignmentId } = await context.params;
    const { dueAt } = await readJson(request, DueDateSchema, 1024);
    await changeDueDate(await getDb(), user.id, cohortId, assignmentId, dueAt);
    return NextResponse.json({ dueAt });
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, assignmentId } = await context.params;
    await removeAssignment(await getDb(), user.id, cohortId, assignmentId);
    return new Response(null, { status: 204 });
  });
}

import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { addAssignments } from '@/lib/cohorts/assignments';
import { AddAssignmentSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string }> };

/** { exerciseUuid, dueAt } assigns one exercise; { moduleSlug, dueAt } every exercise of a module. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    const body = await readJson(request, AddAssignmentSchema, 2 * 1024);
    const rows = await addAssignments(await getDb(), user.id, cohortId, body);
    return NextResponse.json({ assignments: rows }, { status: 201 });
  });
}

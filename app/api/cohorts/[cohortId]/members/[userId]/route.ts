import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { changeMemberRole, removeMember } from '@/lib/cohorts/manage';
import { MemberRoleSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string; userId: string }> };

/** { role: "instructor" } makes a co-instructor; { role: "student" } takes it back. */
export async function PATCH(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, userId } = await context.params;
    const { role } = await readJson(request, MemberRoleSchema, 1024);
    await changeMemberRole(await getDb(), user.id, cohortId, userId, role);
    return NextResponse.json({ role });
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId, userId } = await context.params;
    await removeMember(await getDb(), user.id, cohortId, userId);
    return new Response(null, { status: 204 });
  });
}

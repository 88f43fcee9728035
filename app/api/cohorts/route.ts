import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { createCohort, listMyCohorts } from '@/lib/cohorts/manage';
import { CreateCohortSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

/** The signed-in user's own cohorts. Query parameters (a userId, say) are ignored by design. */
export async function GET(): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    return NextResponse.json(await listMyCohorts(await getDb(), user.id));
  });
}

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const body = await readJson(request, CreateCohortSchema, 4 * 1024);
    const cohort = await createCohort(await getDb(), user.id, body);
    const joinPath = `/join/${cohort.joinCode}`;
    return NextResponse.json(
      { id: cohort.id, name: cohort.name, joinCode: cohort.joinCode, joinPath, joinUrl: new URL(joinPath, env().NEXTAUTH_URL).toString() },
      { status: 201 },
    );
  });
}

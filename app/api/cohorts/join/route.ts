import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { joinCohort } from '@/lib/cohorts/manage';
import { JoinCohortSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { code } = await readJson(request, JoinCohortSchema, 1024);
    const joined = await joinCohort(await getDb(), user.id, code);
    return NextResponse.json(joined, { status: joined.created ? 201 : 200 });
  });
}

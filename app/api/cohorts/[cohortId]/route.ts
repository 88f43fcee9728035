import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { loadCohortDashboard } from '@/lib/cohorts/dashboard';
import { updateCohortSettings } from '@/lib/cohorts/manage';
import { parseMatrixQuery } from '@/lib/cohorts/matrix';
import { UpdateCohortSchema } from '@/lib/cohorts/schemas';
import { getDb } from '@/lib/db/client';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string }> };

/** Dashboard data: ?page=&size=&sort=name|email|total|last|late|joined&dir=asc|desc&q=&struggling=1 */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    const query = parseMatrixQuery(Object.fromEntries(new URL(request.url).searchParams));
    return NextResponse.json(await loadCohortDashboard(await getDb(), user.id, cohortId, query));
  });
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    const body = await readJson(request, UpdateCohortSchema, 2 * 1024);
    const cohort = await updateCohortSettings(await getDb(), user.id, cohortId, body);
    return NextResponse.json({ id: cohort.id, name: cohort.name, latePolicy: cohort.latePolicy, joinCode: cohort.joinCode });
  });
}

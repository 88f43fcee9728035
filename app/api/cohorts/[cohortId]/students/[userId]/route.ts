import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/api';
import { loadStudentHistory } from '@/lib/cohorts/history';
import { getDb } from '@/lib/db/client';
import { handle, HttpError } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string; userId: string }> };

const Id = z.string().min(1).max(64).optional();
const QuerySchema = z.object({ assignment: Id, submission: Id, compare: Id });

/**
 * One student's submissions of an assignment, with code, per-test results and a line diff against
 * the previous attempt (?compare=<id> picks another, ?compare=none turns it off).
 */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const { cohortId, userId } = await context.params;
    const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new HttpError(400, 'Invalid query: assignment, submission and compare are ids.');
    const { assignment, submission, compare } = parsed.data;
    const history = await loadStudentHistory(await getDb(), user.id, cohortId, userId, {
      assignmentId: assignment,
      submissionId: submission,
      compareId: compare === 'none' ? null : compare,
    });
    return NextResponse.json(history, { headers: { 'cache-control': 'no-store' } });
  });
}

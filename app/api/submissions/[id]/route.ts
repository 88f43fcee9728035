import { NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { selectSubmissionForUser } from '@/lib/db/submissions';
import { GradeResultSchema } from '@/lib/grading/result-schema';
import { handle, HttpError } from '@/lib/http/responses';

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const { id } = await context.params;
    // Scoped to the session user: another learner's id is indistinguishable from a missing one.
    const row = await selectSubmissionForUser(await getDb(), id.slice(0, 64), user.id);
    if (!row) throw new HttpError(404, 'No such submission.');
    const result = row.result ? GradeResultSchema.safeParse(JSON.parse(row.result)) : null;
    return NextResponse.json({
      id: row.id,
      status: row.status,
      outcome: row.outcome,
      score: row.score,
      createdAt: row.createdAt,
      gradedAt: row.gradedAt,
      result: result?.success ? result.data : null,
    });
  });
}

import { after, NextResponse } from 'next/server';
import { requireApiUser } from '@/lib/auth/api';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';
import { acceptSubmission, MAX_CODE_BYTES, SubmissionBodySchema } from '@/lib/submissions/accept';

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const body = await readJson(request, SubmissionBodySchema, MAX_CODE_BYTES * 2 + 4096);
    const { submission } = await acceptSubmission(user, body, { notifyLater: after });
    return NextResponse.json({ id: submission.id, status: submission.status }, { status: 202 });
  });
}

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/api';
import { gradebookCsv, gradebookFileName, loadGradebook } from '@/lib/cohorts/gradebook';
import { getDb } from '@/lib/db/client';
import { handle, HttpError } from '@/lib/http/responses';

type Context = { params: Promise<{ cohortId: string }> };

const QuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** The gradebook as JSON (default) or as a CSV download (?format=csv). */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handle(async () => {
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new HttpError(400, 'format must be json or csv.');
    const book = await loadGradebook(await getDb(), user.id, cohortId);
    if (parsed.data.format === 'json') return NextResponse.json(book, { headers: { 'cache-control': 'no-store' } });
    return new Response(gradebookCsv(book), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${gradebookFileName(book)}"`,
        'cache-control': 'no-store',
      },
    });
  });
}

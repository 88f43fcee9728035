import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireApiUser } from '@/lib/auth/api';
import { loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';
import { markLessonCompleted } from '@/lib/db/progress';
import { assertSameOrigin, handle, HttpError, readJson } from '@/lib/http/responses';

const ProgressBodySchema = z.object({ lessonId: z.uuid() });

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { lessonId } = await readJson(request, ProgressBodySchema, 1024);
    const lesson = loadCourse().flatMap((m) => m.lessons).find((l) => l.id === lessonId);
    if (!lesson) throw new HttpError(404, 'No such lesson.');
    await markLessonCompleted(await getDb(), user.id, lesson.id, lesson.moduleSlug);
    return NextResponse.json({ completed: true });
  });
}

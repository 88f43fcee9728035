import { NextResponse } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { ConceptCheckBodySchema, gradeConceptCheck } from '@/lib/concept-checks/grade';
import { loadCourse } from '@/lib/content/course';
import { getDb } from '@/lib/db/client';
import { insertConceptCheckAttempt } from '@/lib/db/concept-checks';
import { assertSameOrigin, handle, HttpError, readJson } from '@/lib/http/responses';

/** Grades a concept check on the server (answers never reach the page) and stores it if signed in. */
export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const body = await readJson(request, ConceptCheckBodySchema, 8 * 1024);
    const lesson = loadCourse().flatMap((m) => m.lessons).find((l) => l.id === body.lessonId);
    if (!lesson || lesson.quiz.length === 0) throw new HttpError(404, 'This lesson has no concept check.');
    const { score, feedback } = gradeConceptCheck(lesson.quiz, body.answers);
    const user = await getCurrentUser();
    if (user) {
      await insertConceptCheckAttempt(await getDb(), {
        userId: user.id,
        lessonId: lesson.id,
        score,
        answersJson: JSON.stringify(body.answers),
      });
    }
    return NextResponse.json({ score, feedback, stored: Boolean(user) });
  });
}

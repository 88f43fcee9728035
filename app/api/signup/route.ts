import { NextResponse } from 'next/server';
import { SignUpSchema, signUp } from '@/lib/auth/sign-up';
import { assertSameOrigin, handle, readJson } from '@/lib/http/responses';

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    assertSameOrigin(request);
    const body = await readJson(request, SignUpSchema, 4 * 1024);
    const user = await signUp(body);
    return NextResponse.json({ id: user.id }, { status: 201 });
  });
}

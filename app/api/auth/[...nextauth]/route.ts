import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { getCurrentUser } from '@/lib/auth/session';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's own GET /api/auth/session only decodes the JWT, so a cookie revoked by sign-out would
 * still describe its owner there. Every other reader goes through getCurrentUser; so does this one.
 */
async function GET(request: Request, context: Context): Promise<Response> {
  if (new URL(request.url).pathname.endsWith('/api/auth/session') && !(await getCurrentUser())) {
    return Response.json({}, { headers: { 'Cache-Control': 'private, no-cache, no-store' } });
  }
  return handler(request, context);
}

export { GET, handler as POST };

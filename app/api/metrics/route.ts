import { getCurrentUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { handle, HttpError } from '@/lib/http/responses';
import { collectMetrics } from '@/lib/metrics/collect';
import { takeEventLoopDelay } from '@/lib/metrics/event-loop';
import { formatMetrics, metricsAccess } from '@/lib/metrics/format';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint: admins, or `Authorization: Bearer $METRICS_TOKEN`. */
export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const authorization = request.headers.get('authorization');
    // a bearer request never needs the session lookup
    const user = authorization ? null : await getCurrentUser();
    const access = metricsAccess({ authorization, configuredToken: env().METRICS_TOKEN, role: user?.role ?? null });
    if (access === 401) throw new HttpError(401, 'Sign in first.', { 'WWW-Authenticate': 'Bearer' });
    if (access === 403) throw new HttpError(403, 'You do not have access to this.');
    const body = formatMetrics({ ...(await collectMetrics(await getDb())), eventLoop: takeEventLoopDelay() });
    return new Response(body, {
      headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });
}

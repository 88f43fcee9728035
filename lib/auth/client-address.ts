/**
 * The client address of a sign-in request, for per-address throttling: the first hop of
 * X-Forwarded-For (the load balancer must overwrite, not append to, a client-supplied header; see
 * docs/operations.md), else X-Real-IP, else 'unknown' (all such requests then share one bucket).
 */
export function clientAddress(headers: unknown): string {
  const get = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const value = (headers as Record<string, unknown>)[name];
    if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const forwarded = get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || get('x-real-ip')?.trim();
  // bounded so a hostile header cannot bloat the failures table
  return address ? address.slice(0, 64).toLowerCase() : 'unknown';
}

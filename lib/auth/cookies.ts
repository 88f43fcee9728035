import type { CookieOption, CookiesOptions } from 'next-auth';

/** The cookies a credentials sign-in uses; next-auth's defaults cover the OAuth-only rest. */
export type AuthCookies = Pick<CookiesOptions, 'sessionToken' | 'callbackUrl' | 'csrfToken'>;

/**
 * True when users reach the app over https. Mirrors next-auth's own test of NEXTAUTH_URL, so the
 * names we set and the names next-auth would otherwise pick can never disagree about the scheme.
 */
export function isHttpsUrl(publicUrl: string | undefined): boolean {
  return /^https:\/\//i.test(publicUrl ?? '');
}

/**
 * Over https every auth cookie gets the `__Host-` prefix: the browser then accepts it only when it
 * is Secure, has Path=/ and no Domain, so a sibling subdomain or a plain-http page cannot plant or
 * overwrite a session (next-auth's default `__Secure-` only insists on Secure). Over http (local
 * demo, e2e) browsers refuse Secure and prefixed cookies, so both are dropped there.
 */
function cookieName(base: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}next-auth.${base}`;
}

export function authCookies(secure: boolean): AuthCookies {
  const cookie = (base: string): CookieOption => ({
    name: cookieName(base, secure),
    // HttpOnly: page scripts (and so XSS) cannot read the token. Lax: sent on top-level
    // navigations from other sites (links into the course work) but not on their POSTs.
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
  });
  return { sessionToken: cookie('session-token'), callbackUrl: cookie('callback-url'), csrfToken: cookie('csrf-token') };
}

/**
 * JWT sessions cannot be revoked by deleting a row, so each user carries a `sessionVersion` that
 * sign-out increments (authOptions.events.signOut). A token remembers the version it was minted
 * with; once the database has moved on, the token no longer resolves to a user (ASVS 3.3.1).
 */

/** The claim name in the JWT. */
export const SESSION_VERSION_CLAIM = 'sv';

/**
 * True when a token minted with `tokenVersion` is still valid for a user whose current version is
 * `dbVersion`. Tokens minted before versions existed carry none and count as version 0, so they
 * stay valid only until the user's first sign-out.
 */
export function isSessionCurrent(tokenVersion: unknown, dbVersion: number): boolean {
  const minted = tokenVersion === undefined || tokenVersion === null ? 0 : tokenVersion;
  return typeof minted === 'number' && Number.isInteger(minted) && minted === dbVersion;
}

import 'server-only';
import { HttpError } from '@/lib/http/responses';
import { hasRole, type Role } from './roles';
import { getCurrentUser, type CurrentUser } from './session';

export async function requireApiUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new HttpError(401, 'Sign in first.');
  return user;
}

export async function requireApiRole(roles: ReadonlyArray<Role>): Promise<CurrentUser> {
  const user = await requireApiUser();
  if (!hasRole(user.role, roles)) throw new HttpError(403, 'You do not have access to this.');
  return user;
}

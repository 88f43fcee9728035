import 'server-only';
import { getServerSession } from 'next-auth';
import { getDb } from '@/lib/db/client';
import { selectSessionUser } from '@/lib/db/users';
import { authOptions } from './options';
import { parseRole, type Role } from './roles';
import { isSessionCurrent } from './session-version';

export type CurrentUser = { id: string; email: string; name: string; role: Role };

/** The signed-in user as the database knows them now, or null (also after they signed out). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const sessionUser = session?.user as { id?: string; sessionVersion?: unknown } | undefined;
  const id = sessionUser?.id;
  if (!id) return null;
  const user = await selectSessionUser(await getDb(), id);
  if (!user || !isSessionCurrent(sessionUser.sessionVersion, user.sessionVersion)) return null;
  return { id: user.id, email: user.email, name: user.name, role: parseRole(user.role) };
}

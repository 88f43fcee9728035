import 'server-only';
import { getServerSession } from 'next-auth';
import { getDb } from '@/lib/db/client';
import { selectUserById } from '@/lib/db/users';
import { authOptions } from './options';
import { parseRole, type Role } from './roles';

export type CurrentUser = { id: string; email: string; name: string; role: Role };

/** The signed-in user as the database knows them now, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await selectUserById(await getDb(), id);
  if (!user) return null;
  return { ...user, role: parseRole(user.role) };
}

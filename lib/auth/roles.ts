import { z } from 'zod';

export const RoleSchema = z.enum(['student', 'instructor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export function parseRole(value: string): Role {
  const parsed = RoleSchema.safeParse(value);
  // An unknown role in the database grants nothing.
  return parsed.success ? parsed.data : 'student';
}

export function hasRole(role: Role, allowed: ReadonlyArray<Role>): boolean {
  return allowed.includes(role);
}

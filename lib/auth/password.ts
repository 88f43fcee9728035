import bcrypt from 'bcryptjs';

// Cost 10 keeps a sign-in around 60-80 ms on this hardware while staying above OWASP's floor.
const COST = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

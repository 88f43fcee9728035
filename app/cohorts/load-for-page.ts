import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { HttpError } from '@/lib/http/responses';

/**
 * Runs a cohort loader for a page. Authorization lives in the loader (lib/cohorts); here its
 * answer becomes a page: sign in first, or the same "not found" whether the cohort is missing or
 * someone else's, so pages never confirm that a cohort exists.
 */
export async function loadForPage<T>(load: () => Promise<T>, path: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
    if (error instanceof HttpError && (error.status === 403 || error.status === 404)) notFound();
    throw error;
  }
}

export function firstParam(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 64 ? first : undefined;
}

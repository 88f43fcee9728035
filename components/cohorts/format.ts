const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' });
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** Server-rendered times are in UTC and say so: the server cannot know the reader's zone. */
export function formatUtc(date: Date | string | null | undefined): string {
  if (!date) return '—';
  return `${UTC_FORMAT.format(new Date(date))} UTC`;
}

export function formatDay(day: string): string {
  return DAY_FORMAT.format(new Date(`${day}T00:00:00Z`));
}

export function formatPercent(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return `${Math.round(score * 100)}%`;
}

/** "3 days ago" style, relative to `now`, for last-activity columns. */
export function formatAgo(date: Date | string | null | undefined, now: Date): string {
  if (!date) return 'never';
  const ms = now.getTime() - new Date(date).getTime();
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return minutes <= 1 ? 'just now' : `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

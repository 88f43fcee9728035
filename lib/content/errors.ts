/** A content problem an author can fix: always names the file and, where known, the line. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
  }
}

/** Finds the 1-based line of a frontmatter key, so schema errors can point at it. */
export function lineOfKey(source: string, key: string | undefined): number | undefined {
  if (!key) return undefined;
  const lines = source.split('\n');
  const index = lines.findIndex((line) => new RegExp(`^\\s*-?\\s*${escapeRegExp(key)}\\s*:`).test(line));
  return index >= 0 ? index + 1 : 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces (or appends) one "## <heading>" section of a markdown file and leaves every other
 * section as it was, so several benchmarks can share docs/benchmarks.md.
 */
export function replaceSection(document: string, heading: string, body: string): string {
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = document.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) {
    const base = document.trim() ? `${document.replace(/\s*$/, '')}\n\n` : '# Benchmarks\n\n';
    return `${base}${section}`;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return `${before}${before ? '\n' : ''}${section}${after ? `\n${after}` : ''}`;
}

export function writeSection(file: string, heading: string, body: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, replaceSection(current, heading, body));
}

/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields quoted when they hold a comma, quote, CR
 * or LF (quotes doubled), and a UTF-8 byte-order mark so Excel reads names with accents correctly.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would evaluate (=, +, -, @, and tab or CR, which some apps strip before
 * evaluating) gets a leading apostrophe, so a student named "=HYPERLINK(...)" stays text (OWASP
 * "CSV injection").
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return UTF8_BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

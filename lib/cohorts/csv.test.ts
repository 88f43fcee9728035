import { expect, test } from 'vitest';
import { csvField, neutralizeFormula, toCsv, UTF8_BOM } from './csv';

test('fields with commas, quotes or line breaks are quoted and quotes are doubled (RFC 4180)', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvField(null)).toBe('');
  expect(csvField(42.5)).toBe('42.5');
});

test('cells a spreadsheet would evaluate get a leading apostrophe', () => {
  for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(neutralizeFormula(bad)).toBe(`'${bad}`);
  expect(neutralizeFormula('Ada = great')).toBe('Ada = great');
  expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
});

test('a document starts with a UTF-8 BOM and ends every record with CRLF', () => {
  expect(toCsv([['Name', 'Score'], ['Chloé', 90]])).toBe(`${UTF8_BOM}Name,Score\r\nChloé,90\r\n`);
});

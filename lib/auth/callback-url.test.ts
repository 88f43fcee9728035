import { expect, test } from 'vitest';
import { safeCallbackUrl } from './callback-url';

test('same-site paths are kept and anything that could leave the site falls back', () => {
  expect(safeCallbackUrl('/join/ABC123')).toBe('/join/ABC123');
  expect(safeCallbackUrl('https://evil.example')).toBe('/dashboard');
  expect(safeCallbackUrl('//evil.example')).toBe('/dashboard');
  expect(safeCallbackUrl('/\\evil.example')).toBe('/dashboard');
  expect(safeCallbackUrl(undefined)).toBe('/dashboard');
});

import { expect, test } from 'vitest';
import { authCookies, isHttpsUrl } from './cookies';

test('an https public URL asks for secure cookies; http, localhost and unset do not', () => {
  expect(isHttpsUrl('https://learn.example.org')).toBe(true);
  expect(isHttpsUrl('http://localhost:3000')).toBe(false);
  expect(isHttpsUrl('http://127.0.0.1:3100')).toBe(false);
  expect(isHttpsUrl(undefined)).toBe(false);
});

test('over https every auth cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', () => {
  const cookies = authCookies(true);
  expect(cookies.sessionToken.name).toBe('__Host-next-auth.session-token');
  expect(cookies.csrfToken.name).toBe('__Host-next-auth.csrf-token');
  expect(cookies.callbackUrl.name).toBe('__Host-next-auth.callback-url');
  for (const { options } of Object.values(cookies)) {
    expect(options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    expect(options.domain).toBeUndefined();
  }
});

test('over http the cookies have no prefix and are not Secure, but stay HttpOnly and SameSite=Lax', () => {
  const cookies = authCookies(false);
  expect(cookies.sessionToken.name).toBe('next-auth.session-token');
  expect(cookies.csrfToken.name).toBe('next-auth.csrf-token');
  expect(cookies.callbackUrl.name).toBe('next-auth.callback-url');
  for (const { options } of Object.values(cookies)) {
    expect(options).toMatchObject({ secure: false, httpOnly: true, sameSite: 'lax', path: '/' });
    expect(options.domain).toBeUndefined();
  }
});

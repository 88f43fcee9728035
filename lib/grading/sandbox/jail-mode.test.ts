import { expect, test } from 'vitest';
import { buildJailCommand, DEFAULT_JAIL_LIMITS, resolveJailMode, SandboxConfigError } from './jail-mode';

test('a machine with network namespaces grades in one', () => {
  expect(resolveJailMode({ netns: true, usernsNetns: false }, {})).toBe('netns');
  expect(resolveJailMode({ netns: false, usernsNetns: true }, {})).toBe('userns-netns');
});

test('without network namespaces grading is refused unless the insecure flag is set', () => {
  expect(() => resolveJailMode({ netns: false, usernsNetns: false }, {})).toThrow(SandboxConfigError);
  expect(() => resolveJailMode({ netns: false, usernsNetns: false }, {})).toThrow(/GRADER_INSECURE_NO_NETNS=1/);
  expect(resolveJailMode({ netns: false, usernsNetns: false }, { GRADER_INSECURE_NO_NETNS: '1' })).toBe('insecure');
});

test('the jail command cuts the network, lowers priority, limits data (never address space) and drops root', () => {
  const { command, args } = buildJailCommand('netns', '/app', '/app/.cache/sandbox/child.cjs', DEFAULT_JAIL_LIMITS, true);
  const line = [command, ...args].join(' ');
  expect(line).toMatch(/^unshare --net -- nice -n 10 setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs -- prlimit /);
  expect(line).toContain(`--data=${1024 ** 3}`);
  expect(line).not.toContain('--as=');
  expect(line).toContain('--core=0 --fsize=0');
  expect(line).toContain(
    '--experimental-permission --allow-fs-read=/app/node_modules/@tensorflow/ --allow-fs-read=/app/node_modules/long/ ' +
      '--allow-fs-read=/app/node_modules/seedrandom/ --allow-fs-read=/app/.cache/sandbox/',
  );
  expect(line).toContain('--max-old-space-size=256');
  expect(line.endsWith('/app/.cache/sandbox/child.cjs')).toBe(true);
});

test('a grader that cannot drop privileges uses a user namespace without setpriv', () => {
  const limits = { ...DEFAULT_JAIL_LIMITS, niceness: 0 };
  const { command, args } = buildJailCommand('userns-netns', '/app', '/app/.cache/sandbox/child.cjs', limits, false);
  expect([command, ...args.slice(0, 4)]).toEqual(['unshare', '--user', '--net', '--', 'prlimit']);
  expect(args).not.toContain('setpriv');
});

test('insecure mode runs the same limits without unshare', () => {
  const { command, args } = buildJailCommand('insecure', '/app', '/app/.cache/sandbox/child.cjs', DEFAULT_JAIL_LIMITS, false);
  expect([command, ...args.slice(0, 3)]).toEqual(['nice', '-n', '10', 'prlimit']);
});

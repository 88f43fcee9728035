import fs from 'node:fs';
import { expect, test } from 'vitest';
import { findAppRoot } from './build-child';
import { DEFAULT_JAIL_LIMITS } from './jail-mode';
import { readRunQueueMs, spawnJailedChild } from './spawn-jail';

// Only meaningful where the kernel schedules by autogroup (the file exists for this process too).
const hasAutogroup = fs.existsSync('/proc/self/autogroup');

test.runIf(hasAutogroup)('a grading child runs in an autogroup as nice as the child itself, so it yields to the web app', async () => {
  const child = await spawnJailedChild({ appRoot: findAppRoot() });
  try {
    await child.ready;
    const own = fs.readFileSync('/proc/self/autogroup', 'utf8');
    const childGroup = fs.readFileSync(`/proc/${child.pid}/autogroup`, 'utf8');
    // A detached child has a session, and so an autogroup, of its own...
    expect(childGroup.split(' ')[0]).not.toBe(own.split(' ')[0]);
    // ...whose weight is that of its nice value, not the default.
    expect(childGroup.trim()).toMatch(new RegExp(`nice ${DEFAULT_JAIL_LIMITS.niceness}$`));
  } finally {
    child.kill();
  }
}, 30_000);

test.runIf(fs.existsSync('/proc/self/schedstat'))('the parent can read how long a jailed child waited for a CPU (the time limits leave it out)', async () => {
  const child = await spawnJailedChild({ appRoot: findAppRoot() });
  try {
    await child.ready;
    const raw = fs.readFileSync(`/proc/${child.pid}/schedstat`, 'utf8').split(' ');
    expect(raw).toHaveLength(3);
    expect(readRunQueueMs(child.pid!)).toBeGreaterThanOrEqual(Number(raw[1]) / 1e6);
    expect(readRunQueueMs(child.pid!)).toBeGreaterThanOrEqual(0);
  } finally {
    child.kill();
  }
  expect(readRunQueueMs(2 ** 22 + 12345)).toBe(0);
}, 30_000);

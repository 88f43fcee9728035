import { expect, test } from 'vitest';
import { takeEventLoopDelay } from './event-loop';

test('a synchronous block of the event loop shows up in the next window, and the window then resets', async () => {
  takeEventLoopDelay();
  await new Promise((r) => setTimeout(r, 50));
  const until = Date.now() + 200;
  while (Date.now() < until) {
    // block the loop, as a synchronous database wait would
  }
  await new Promise((r) => setTimeout(r, 50));
  const blocked = takeEventLoopDelay();
  expect(blocked.max).toBeGreaterThan(0.15);
  await new Promise((r) => setTimeout(r, 100));
  expect(takeEventLoopDelay().max).toBeLessThan(blocked.max);
});

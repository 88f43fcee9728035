import { expect, test, type Frame, type Page } from '@playwright/test';
import { EXERCISE_DIR, exerciseMeta, readRepoFile, recordForeignRequests } from './helpers';

// The in-browser runner on its own, through /dev/runner-harness (window.__runInBrowser).
// Covers security tests C1-C3 of the reliability guide plus the learner-facing verdicts.

type RunEvent = { type: string; [key: string]: unknown };
type TestResult = { id: string; status: string; message: string; points: number };
type GradeResult = {
  status: string;
  verdict?: string;
  score: number;
  message?: string;
  tests: TestResult[];
  graderVersion: string;
};
type RunOutput = { result: GradeResult; events: RunEvent[]; wallMs: number; maxGapMs: number; maxLongTaskMs: number };

const starter = readRepoFile(`exercises/${EXERCISE_DIR}/starter.ts`);
const solution = readRepoFile(`graders/${EXERCISE_DIR}/solution.ts`);
const { slug } = exerciseMeta();

async function openHarness(page: Page): Promise<void> {
  await page.goto('/dev/runner-harness');
  await page.waitForFunction(() => typeof window.__runInBrowser === 'function' && !!window.__heartbeat);
}

async function run(page: Page, code: string, options: { timeLimitMs?: number; perTestTimeoutMs?: number } = {}) {
  return page.evaluate(
    async ({ code, slug, timeLimitMs, perTestTimeoutMs }): Promise<RunOutput> => {
      const events: RunEvent[] = [];
      window.__heartbeat!.reset();
      const started = performance.now();
      const result = (await window.__runInBrowser!({
        exerciseSlug: slug,
        code,
        seed: 1,
        timeLimitMs,
        ...(perTestTimeoutMs ? { perTestTimeoutMs } : {}),
        onEvent: (e) => events.push(e),
      })) as GradeResult;
      const { maxGapMs, maxLongTaskMs } = window.__heartbeat!;
      return { result, events, wallMs: performance.now() - started, maxGapMs, maxLongTaskMs };
    },
    { code, slug, timeLimitMs: options.timeLimitMs ?? 8000, perTestTimeoutMs: options.perTestTimeoutMs },
  );
}

/** C1: the page's 20 ms heartbeat never stalls more than 200 ms during a run. */
/**
 * Learner code never runs on the page's main thread: no main-thread task reaches 200 ms. The
 * heartbeat gap also depends on how the OS schedules a loaded CI machine, so it only has to stay
 * far below the 2-5 s a frozen page would show.
 */
function expectResponsive(out: RunOutput): void {
  expect(out.maxLongTaskMs, 'longest main-thread task').toBeLessThan(200);
  expect(out.maxGapMs, `heartbeat gap (longest main-thread task: ${Math.round(out.maxLongTaskMs)} ms)`).toBeLessThan(1000);
}

function logs(events: RunEvent[]): string[] {
  return events.filter((e) => e.type === 'log').map((e) => String(e.text));
}

async function runnerFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().endsWith('/runner'))).toBe(true);
  return page.frames().find((f) => f.url().endsWith('/runner'))!;
}

let foreign: string[] = [];
test.beforeEach(async ({ page, baseURL }) => {
  foreign = recordForeignRequests(page, baseURL!);
  await openHarness(page);
});
test.afterEach(() => {
  expect(foreign, 'requests to hosts other than the app').toEqual([]);
});

test('the starter runs: every public test fails with a message pointing at the learner line', async ({ page }) => {
  const { result, events } = await run(page, starter);
  expect(result.status).toBe('fail');
  expect(result.graderVersion).toBe('browser');
  expect(result.tests.length).toBeGreaterThan(3);
  for (const t of result.tests) {
    expect(t.status, t.id).toBe('fail');
    expect(t.message.length).toBeGreaterThan(10);
  }
  expect(result.tests.some((t) => /line \d+ of your code/.test(t.message))).toBe(true);
  const started = events.filter((e) => e.type === 'test-start').map((e) => e.id);
  expect(started).toEqual(result.tests.map((t) => t.id));
  expect(events.some((e) => e.type === 'status' && /wasm backend/.test(String(e.text)))).toBe(true);
});

test('the reference solution passes every public test, with plots streamed', async ({ page }) => {
  const { result, events } = await run(page, solution);
  expect(result.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  expect(result.status).toBe('pass');
  expect(result.score).toBe(1);
  expect(events.filter((e) => e.type === 'test-end' && e.ok === true)).toHaveLength(result.tests.length);
  expect(events.some((e) => e.type === 'scatter')).toBe(true);
});

test('a syntax error comes back as SYNTAX_ERROR without starting a runner', async ({ page }) => {
  const { result } = await run(page, 'export function buildAffinity(X {\n  return X;\n}\n');
  expect(result.status).toBe('error');
  expect(result.verdict).toBe('SYNTAX_ERROR');
  expect(result.message).toMatch(/line 1/);
  expect(page.frames().filter((f) => f.url().endsWith('/runner'))).toHaveLength(0);
});

test('an error while the file loads fails every test with the learner line', async ({ page }) => {
  const { result } = await run(page, "import * as tf from '@tensorflow/tfjs';\nconst broken = (null as any).field;\n");
  expect(result.status).toBe('fail');
  for (const t of result.tests) expect(t.message).toMatch(/TypeError.*line 2 of your code.*while your file was loading/);
});

test('console output is forwarded and capped at 500 lines with one truncation line', async ({ page }) => {
  const { result, events } = await run(page, `${solution}\nfor (let i = 0; i < 5000; i++) console.log('line', i);\n`);
  const lines = logs(events);
  expect(lines[0]).toBe('line 0');
  expect(lines.length).toBeLessThanOrEqual(501);
  expect(lines.at(-1)).toMatch(/Output truncated/);
  expect(result.status).toBe('pass');
});

test('C1: infinite loops are stopped, the page never freezes, and the next run works', async ({ page }) => {
  // In a test: the per-test timer (5 s by default) stops it.
  const inTest = await run(page, `${starter}\nexports.buildAffinity = () => { while (true) {} };\n`);
  expect(inTest.result.status).toBe('error');
  expect(inTest.result.verdict).toBe('TIMEOUT');
  expect(inTest.result.message).toMatch(/Stopped after 5 s/);
  expect(inTest.wallMs).toBeLessThan(8000);
  expectResponsive(inTest);
  const [first, ...rest] = inTest.result.tests;
  expect(first!.status).toBe('error');
  expect(first!.message).toMatch(/Stopped after/);
  for (const t of rest) expect(t.message).toMatch(/Not run/);

  // While the file loads: only the exercise's total time limit applies.
  const atLoad = await run(page, 'while (true) {}\n', { timeLimitMs: 2000 });
  expect(atLoad.result.verdict).toBe('TIMEOUT');
  expect(atLoad.result.message).toMatch(/Stopped after 2 s/);
  expect(atLoad.wallMs).toBeLessThan(5000);
  expectResponsive(atLoad);

  const after = await run(page, solution);
  expect(after.result.status).toBe('pass');
  expectResponsive(after);
  const gaps = [inTest, atLoad, after].map((o) => `${Math.round(o.maxGapMs)}/${Math.round(o.maxLongTaskMs)}`);
  console.log(`heartbeat max gap / longest task (ms): in-test loop, load loop, next run: ${gaps.join(', ')}`);
});

test('Stop (AbortSignal) ends a running loop at once with the tests finished so far', async ({ page }) => {
  const code = `${solution}\nexports.labelPropagationHard = () => { while (true) {} };\n`;
  const out = await page.evaluate(
    async ({ code, slug }) => {
      const abort = new AbortController();
      let stoppedAt = 0;
      const started = performance.now();
      const result = await window.__runInBrowser!({
        exerciseSlug: slug,
        code,
        seed: 1,
        timeLimitMs: 8000,
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'test-start' && e.id.startsWith('hard') && !stoppedAt) {
            stoppedAt = performance.now();
            setTimeout(() => abort.abort(), 300);
          }
        },
      });
      return { result: result as GradeResult, afterStopMs: performance.now() - stoppedAt, wallMs: performance.now() - started };
    },
    { code, slug },
  );
  expect(out.result.verdict).toBe('TIMEOUT');
  expect(out.result.message).toMatch(/You stopped the run/);
  // Far below the 5 s per-test timer, so it was the Stop, not a timeout, that ended the run.
  expect(out.afterStopMs).toBeLessThan(3000);
  const passed = out.result.tests.filter((t) => t.status === 'pass');
  expect(passed.length).toBeGreaterThan(5);
  expect(out.result.tests.find((t) => t.id.startsWith('hard'))!.status).toBe('error');
  const next = await run(page, starter);
  expect(next.result.status).toBe('fail');
});

test('C2/C3: learner code cannot reach the app, the cookie jar, storage or the page', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const marker = `sandbox-probe-${Date.now()}`;
  // Chromium reports a CSP-blocked sync XHR as a request that fails with "csp"; what must never
  // happen is a response, which would mean the request reached a server.
  const reached: string[] = [];
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes(marker)) reached.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (r.url().includes(marker)) failed.push(r.failure()?.errorText ?? '');
  });
  await page.evaluate(() => {
    document.cookie = 'session-probe=kept; path=/';
    localStorage.setItem('probe', 'kept');
    document.title = 'harness-title';
  });
  const urlBefore = page.url();

  const attack = `
const g: any = globalThis;
const api = ${JSON.stringify(`${origin}/api/submissions?${marker}`)};
function attempt(name: string, fn: () => unknown) {
  try { const r = fn(); console.log(name + ': ALLOWED ' + String(r).slice(0, 80)); }
  catch (e: any) { console.log(name + ': blocked ' + (e && e.name)); }
}
attempt('document.cookie', () => g.document.cookie);
attempt('localStorage', () => g.localStorage.getItem('probe'));
attempt('parent.document', () => g.parent.document.title);
attempt('top.location', () => { g.top.location = 'https://example.com/'; });
attempt('importScripts api', () => g.importScripts(api));
attempt('importScripts via runner path', () => g.importScripts(${JSON.stringify(`${origin}/runner-assets/../api/health?${marker}`)}));
attempt('sync xhr', () => { const x = new XMLHttpRequest(); x.open('POST', api, false); x.send('{}'); return x.status; });
attempt('indexedDB', () => g.indexedDB.open('probe'));
fetch(api, { method: 'POST', body: '{"score":100}', credentials: 'include' })
  .then((r) => console.log('fetch: ALLOWED ' + r.status), (e) => console.log('fetch: blocked ' + e.name));
fetch('/api/health?${marker}').then((r) => console.log('relative fetch: ALLOWED ' + r.status), (e) => console.log('relative fetch: blocked ' + e.name));
${solution}
`;
  const { result, events } = await run(page, attack);
  const lines = logs(events);
  for (const name of ['document.cookie', 'localStorage', 'parent.document', 'top.location', 'importScripts api',
    'importScripts via runner path', 'sync xhr', 'fetch', 'relative fetch']) {
    expect(lines.find((l) => l.startsWith(`${name}:`)), name).toMatch(/blocked/);
  }
  expect(lines.join('\n')).not.toMatch(/ALLOWED/);
  console.log(`sandbox, learner code in the worker:\n  ${lines.join('\n  ')}`);
  expect(result.status).toBe('pass');

  // Someone who got out of the worker into the runner document is still sandboxed there.
  await page.evaluate(() => window.__prewarmRunner!());
  const frame = await runnerFrame(page);
  const inFrame = await frame.evaluate(async ({ api }) => {
    const out: Record<string, string> = {};
    const attempt = async (name: string, fn: () => unknown) => {
      try {
        out[name] = `ALLOWED ${String(await fn())}`;
      } catch (e) {
        out[name] = `blocked ${(e as Error).name}`;
      }
    };
    await attempt('document.cookie', () => document.cookie);
    await attempt('localStorage', () => localStorage.getItem('probe'));
    await attempt('parent.document', () => window.parent.document.title);
    await attempt('fetch', () => fetch(api, { method: 'POST', body: '{}' }).then((r) => r.status));
    try {
      window.top!.location.href = 'https://example.com/';
    } catch {
      // Chromium blocks it either by throwing or by refusing the navigation; both leave the page.
    }
    return out;
  }, { api: `${origin}/api/submissions?${marker}` });
  for (const [name, outcome] of Object.entries(inFrame)) expect(outcome, name).toMatch(/^blocked/);
  console.log(`sandbox, code in the runner document: ${JSON.stringify(inFrame)}`);

  await page.waitForTimeout(300);
  expect(page.url()).toBe(urlBefore);
  const state = await page.evaluate(() => ({
    cookie: document.cookie,
    stored: localStorage.getItem('probe'),
    title: document.title,
  }));
  expect(state.cookie).toContain('session-probe=kept');
  expect(state.stored).toBe('kept');
  expect(state.title).toBe('harness-title');
  expect(reached, 'requests that reached a server').toEqual([]);
  for (const reason of failed) expect(reason).toMatch(/csp|blocked/i);
});

test('C3: forged messages (wrong nonce, wrong source) are ignored', async ({ page }) => {
  // A slow file load leaves time to forge while the real run is in flight.
  const slowStarter = `const until = Date.now() + 1500; while (Date.now() < until) {}\n${starter}`;
  await page.evaluate(
    ({ code, slug }) => {
      (window as unknown as { __pending: Promise<unknown> }).__pending = window.__runInBrowser!({
        exerciseSlug: slug,
        code,
        seed: 1,
        timeLimitMs: 8000,
        onEvent: () => undefined,
      });
    },
    { code: slowStarter, slug },
  );
  const forged = {
    channel: 'ml-course-runner',
    message: { type: 'done', result: { version: 1, status: 'pass', score: 1, tests: [], graderVersion: 'forged', durationMs: 1 } },
  };
  const frame = await runnerFrame(page);
  await frame.evaluate((f) => window.parent.postMessage({ ...f, nonce: crypto.randomUUID() }, '*'), forged);
  await page.evaluate((f) => window.postMessage({ ...f, nonce: crypto.randomUUID() }, '*'), forged);
  const result = (await page.evaluate(() => (window as unknown as { __pending: Promise<unknown> }).__pending)) as GradeResult;
  expect(result.graderVersion).toBe('browser');
  expect(result.status).toBe('fail');
  expect(result.tests.length).toBeGreaterThan(3);
});

// A benchmark, not a test: it only runs under `npm run bench:runner` and asserts nothing about speed.
test('latency: Run to verdict, median of 5 (cold and warm runner)', async ({ page }) => {
  test.skip(!process.env.BENCH_RUNNER, 'benchmark: run with npm run bench:runner');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const measure = async (code: string, warm: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Let the runner's own post-run prewarm fire first, then keep or drop its frame.
      await page.waitForTimeout(warm ? 1500 : 400);
      await page.evaluate((w) => (w ? window.__prewarmRunner!() : window.__disposeRunner!()), warm);
      const { wallMs, result } = await run(page, code);
      expect(result.status).not.toBe('error');
      times.push(Math.round(wallMs));
    }
    return { median: median(times), times };
  };
  const report = {
    starterCold: await measure(starter, false),
    solutionCold: await measure(solution, false),
    starterWarm: await measure(starter, true),
    solutionWarm: await measure(solution, true),
  };
  console.log(`runner latency (ms): ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'latency', description: JSON.stringify(report) });
});

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { GradeResult } from '../result-schema';
import { gradeCode } from '../server-grade';
import { SandboxPool } from './pool';

// The server sandbox tests (S1-S14 of the security guide) against the real jail, with the
// fixture exercise `double` (3 s whole-run limit, 1 s on its large test).
const COURSE = path.resolve('test/fixtures/course');
const SUBMISSIONS = path.resolve('test/fixtures/submissions');
const HIDDEN_CANARY = 'canary-hidden-double-5e1c';
const LIMIT_MS = 3000;
const pool = new SandboxPool({ size: 1 });

function submission(name: string): string {
  return fs.readFileSync(path.join(SUBMISSIONS, `${name}.ts`), 'utf8');
}

async function grade(code: string, wallMs?: number): Promise<GradeResult & { elapsedMs: number }> {
  const started = performance.now();
  const result = await gradeCode({ exercise: 'double', code, courseRoot: COURSE, pool, ...(wallMs ? { wallMs } : {}) });
  return { ...result, elapsedMs: performance.now() - started };
}

const gradeFile = (name: string, wallMs?: number) => grade(submission(name), wallMs);

beforeAll(async () => {
  // Warm the pool and the reference cache so timing assertions measure the learner's run only.
  const first = await gradeFile('double-correct');
  expect(first.score).toBe(1);
  await pool.warm();
}, 60_000);

afterAll(() => pool.close());

test('a correct submission scores 1 and a wrong one scores 0', async () => {
  const right = await gradeFile('double-correct');
  expect(right).toMatchObject({ status: 'pass', score: 1 });
  const wrong = await gradeFile('double-wrong');
  expect(wrong).toMatchObject({ status: 'fail', score: 0 });
  expect(wrong.tests.map((t) => t.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
});

test('every mutant of the fixture scores below 1', async () => {
  const dir = path.join(COURSE, 'graders/01-fixture/01-double/mutants');
  for (const file of fs.readdirSync(dir)) {
    const result = await grade(fs.readFileSync(path.join(dir, file), 'utf8'));
    expect(result.score, file).toBeLessThan(1);
    expect(result.status, file).toBe('fail');
  }
}, 30_000);

test('console output is captured per test', async () => {
  const result = await gradeFile('prints');
  expect(result.score).toBe(1);
  expect(result.tests[0]?.output).toContain('loading my module');
  expect(result.tests[1]?.output).toBe('doubling a tensor of shape [ 50 ]\n');
});

test('a syntax error is SYNTAX_ERROR and names the line', async () => {
  const result = await gradeFile('syntax-error');
  expect(result).toMatchObject({ status: 'error', verdict: 'SYNTAX_ERROR', score: 0 });
  expect(result.message).toContain('line 4');
});

test('an error while loading the file fails every test with the learner line', async () => {
  const result = await gradeFile('throws-at-load');
  expect(result.status).toBe('fail');
  for (const t of result.tests) expect(t.message).toContain('line 4 of your code');
});

test('S1: while(true) is a TIMEOUT within the limit plus 1 s, naming the limit, and the next job passes', async () => {
  const result = await gradeFile('s01-infinite-loop');
  expect(result).toMatchObject({ status: 'error', verdict: 'TIMEOUT', score: 0 });
  expect(result.elapsedMs).toBeLessThan(LIMIT_MS + 1000);
  expect(result.message).toContain('3 s');
  expect(result.tests[0]?.message).toMatch(/^Stopped here/);
  expect((await gradeFile('double-correct')).score).toBe(1);
}, 20_000);

test('S2: never-settling promises, setInterval, nextTick loops and promise recursion are TIMEOUTs', async () => {
  const names = ['s02-never-resolves', 's02-interval', 's02-microtask-loop', 's02-promise-recursion'];
  const results = await Promise.all(names.map((name) => gradeFile(name)));
  for (const [i, result] of results.entries()) {
    expect(result.verdict, names[i]).toBe('TIMEOUT');
    expect(result.elapsedMs, names[i]).toBeLessThan(LIMIT_MS + 2000);
  }
}, 20_000);

test('a per-test time limit stops only that test and keeps the results of the tests before it', async () => {
  const result = await gradeFile('slow-on-large');
  expect(result).toMatchObject({ status: 'error', verdict: 'TIMEOUT', score: 0 });
  expect(result.message).toContain('1 s');
  expect(result.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'pass', 'error']);
  expect(result.tests[3]?.message).toMatch(/^Stopped here/);
  expect(result.elapsedMs).toBeLessThan(LIMIT_MS);
}, 20_000);

// Memory tests get a longer wall clock: they must end as MEMORY_LIMIT, never as a timeout.
test('S3: a heap bomb is MEMORY_LIMIT', async () => {
  const result = await gradeFile('s03-heap-bomb', 15_000);
  expect(result).toMatchObject({ status: 'error', verdict: 'MEMORY_LIMIT' });
  expect(JSON.stringify(result)).not.toContain('Last few GCs');
}, 30_000);

test('S4: typed-array and tensor bombs are MEMORY_LIMIT', async () => {
  for (const name of ['s04-typed-array-bomb', 's04-tensor-bomb']) {
    const result = await gradeFile(name, 15_000);
    expect(result.verdict, name).toBe('MEMORY_LIMIT');
  }
}, 40_000);

test('S5: floods through console and straight to stdout are OUTPUT_LIMIT with capped output', async () => {
  for (const name of ['s05-output-flood', 's05-stdout-flood']) {
    const result = await gradeFile(name);
    expect(result.verdict, name).toBe('OUTPUT_LIMIT');
    expect(result.elapsedMs, name).toBeLessThan(LIMIT_MS);
    expect(JSON.stringify(result).length, name).toBeLessThan(10_000);
  }
}, 20_000);

test('S6/S10: reads of system, app and grader files are denied and nothing leaks into the result', async () => {
  const result = await gradeFile('s06-filesystem');
  expect(result.status).toBe('fail');
  const text = JSON.stringify(result);
  expect(text).toContain('ERR_ACCESS_DENIED');
  for (const leak of ['READ ', 'LISTED ', 'WROTE', 'SYMLINK:', 'root:x:0:0', 'hybrid-ml-course', HIDDEN_CANARY, '[core]']) {
    expect(text).not.toContain(leak);
  }
  expect(fs.existsSync('/tmp/grader-escape-s06')).toBe(false);
});

test('S7: the environment inside the sandbox is empty', async () => {
  const result = await gradeFile('s07-env');
  expect(result.tests[0]?.message).toContain('ENV={}');
});

test('S8: fetch, net.connect and DNS from the sandbox all fail and the loopback server sees nothing', async () => {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.end('secret-from-app');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    // Sanity check that the server is reachable from outside the sandbox.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('secret-from-app');
    hits = 0;
    const result = await grade(submission('s08-network').replaceAll('__PORT__', String(port)));
    const message = result.tests[0]?.message ?? '';
    expect(message).toContain(`fetch http://127.0.0.1:${port}/from-sandbox: ENETUNREACH`);
    expect(message).toContain(`connect ${port}: ENETUNREACH`);
    expect(message).toContain('connect 5432: ENETUNREACH');
    expect(message).toMatch(/dns: E[A-Z_]+/);
    expect(message).not.toMatch(/FETCHED|CONNECTED|RESOLVED/);
    expect(JSON.stringify(result)).not.toContain('secret-from-app');
    expect(hits).toBe(0);
  } finally {
    server.close();
  }
});

test('S9: child processes, workers, process.binding and native addons are blocked', async () => {
  const message = (await gradeFile('s09-spawn')).tests[0]?.message ?? '';
  for (const what of ['exec', 'spawn', 'fork-bomb', 'worker', 'binding']) expect(message).toContain(`${what}: ERR_ACCESS_DENIED`);
  expect(message).toContain('dlopen: ERR_DLOPEN_DISABLED');
  expect(message).not.toContain('ALLOWED');
});

test('S11: a fake result on stdout, a fake "done" and process.exit do not change the judged score', async () => {
  const result = await gradeFile('s11-forged-stdout-exit');
  expect(result).toMatchObject({ status: 'fail', score: 0 });
  expect(result.tests.every((t) => t.status === 'fail')).toBe(true);
});

test('S11: forged observations on the result channel cannot produce a pass', async () => {
  const result = await gradeFile('s11-forged-observations');
  expect(result.score).toBeLessThan(1);
  expect(result.status).not.toBe('pass');
});

test('S11: leaving through the internal exit without results is a GRADER_ERROR, not a pass', async () => {
  const result = await gradeFile('s11-real-exit');
  expect(result).toMatchObject({ status: 'error', verdict: 'GRADER_ERROR', score: 0 });
});

test('S12: a job that pollutes globals, prototypes and tfjs leaves no trace for the next job', async () => {
  const before = new Set(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('grader-')));
  await gradeFile('s12-polluter');
  const detector = await gradeFile('s12-detector');
  expect(detector).toMatchObject({ status: 'pass', score: 1 });
  const leftovers = fs
    .readdirSync(os.tmpdir())
    .filter((d) => d.startsWith('grader-') && !before.has(d))
    .filter((d) => fs.existsSync(path.join(os.tmpdir(), d, 'left-behind.txt')));
  expect(leftovers).toEqual([]);
});

test('S14: a crash of the sandbox process is a GRADER_ERROR', async () => {
  const result = await gradeFile('s14-crash');
  expect(result).toMatchObject({ status: 'error', verdict: 'GRADER_ERROR', score: 0 });
});

test('the pool never hands the same child to two jobs', async () => {
  const job = { code: 'exports.double = (x) => x.mul(2);', probesJs: 'exports.probes = { p: () => 1 };', jobs: [{ id: 'a', probe: 'p', input: null }] };
  const pids = new Set<number | undefined>();
  for (let i = 0; i < 3; i++) {
    const outcome = await pool.run(job, { wallMs: LIMIT_MS });
    expect(outcome.failure).toBeUndefined();
    pids.add(outcome.pid);
  }
  expect(pids.size).toBe(3);
});

test('a job given to a ready spare skips the tfjs import', async () => {
  await pool.warm();
  const outcome = await pool.run(
    { code: '', probesJs: 'exports.probes = { p: () => 1 };', jobs: [{ id: 'a', probe: 'p', input: null }] },
    { wallMs: LIMIT_MS },
  );
  expect(outcome.timings.warm).toBe(true);
  expect(outcome.observations).toEqual([{ id: 'a', ok: true, value: 1, durationMs: expect.any(Number) }]);
});

test('insecure mode (no network namespace) still grades but warns on every job', async () => {
  const insecure = new SandboxPool({ size: 0, mode: 'insecure' });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const job = { code: '', probesJs: 'exports.probes = { p: () => 1 };', jobs: [{ id: 'a', probe: 'p', input: null }] };
    for (let i = 0; i < 2; i++) expect((await insecure.run(job, { wallMs: LIMIT_MS })).failure).toBeUndefined();
    expect(warn.mock.calls.filter(([m]) => String(m).includes('INSECURE'))).toHaveLength(2);
  } finally {
    warn.mockRestore();
    await insecure.close();
  }
});

test('a contract message from the probe reaches the learner as is', async () => {
  const result = await gradeFile('no-export');
  expect(result.status).toBe('fail');
  expect(result.tests[0]?.message).toBe('Export a function named double.');
});

test('grader bugs (a missing probe, a grader that does not compile) are GRADER_ERROR, not learner failures', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'course-'));
  try {
    fs.cpSync(COURSE, root, { recursive: true });
    const graderDir = path.join(root, 'graders/01-fixture/01-double');
    const publicFile = path.join(graderDir, 'public.ts');
    fs.writeFileSync(publicFile, fs.readFileSync(publicFile, 'utf8').replace("probe: 'double'", "probe: 'doubel'"));
    const code = submission('double-correct');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const missingProbe = await gradeCode({ exercise: 'double', code, courseRoot: root, pool });
      expect(missingProbe).toMatchObject({ status: 'error', verdict: 'GRADER_ERROR' });
      fs.appendFileSync(path.join(graderDir, 'hidden.ts'), '\nexport const broken = ;\n');
      const broken = await gradeCode({ exercise: 'double', code, courseRoot: root, pool });
      expect(broken).toMatchObject({ status: 'error', verdict: 'GRADER_ERROR', graderVersion: 'unavailable' });
      expect(error).toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

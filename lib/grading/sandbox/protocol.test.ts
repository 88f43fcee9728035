import { expect, test } from 'vitest';
import { checkChildJob, MAX_CODE_CHARS, MAX_PROBE_JOBS, serializeChildJob } from './protocol';

const job = { code: 'exports.f = 1;', probesJs: 'exports.probes = {};', jobs: [{ id: 't1', probe: 'p', input: { n: 1 } }] };

test('a well-formed job is accepted as it is', () => {
  expect(checkChildJob(job)).toEqual({ ok: true, job });
});

test('a job with an extra, missing or mistyped field is refused with the reason', () => {
  const bad: unknown[] = [
    null,
    [],
    { ...job, score: 1 },
    { code: job.code, jobs: job.jobs },
    { ...job, code: 5 },
    { ...job, code: 'x'.repeat(MAX_CODE_CHARS + 1) },
    { ...job, probesJs: null },
    { ...job, jobs: {} },
    { ...job, jobs: Array.from({ length: MAX_PROBE_JOBS + 1 }, () => job.jobs[0]) },
    { ...job, jobs: [{ id: 't1', probe: 'p' }] },
    { ...job, jobs: [{ id: 1, probe: 'p', input: null }] },
    { ...job, jobs: [{ id: 't1', probe: 'p', input: null, expected: 2 }] },
  ];
  for (const value of bad) {
    const checked = checkChildJob(value);
    expect(checked.ok, JSON.stringify(value)?.slice(0, 80)).toBe(false);
    if (!checked.ok) expect(checked.error.length).toBeGreaterThan(5);
  }
});

test('a serialized job parses back to the job and is accepted by the child check', () => {
  const text = serializeChildJob({ ...job, code: 'const s = "\\u2028 \\"quoted\\"";' });
  expect(JSON.parse(text)).toEqual({ ...job, code: 'const s = "\\u2028 \\"quoted\\"";' });
  expect(checkChildJob(JSON.parse(text)).ok).toBe(true);
});

test('a frozen jobs array is serialized once, a mutable one every time', () => {
  const frozen = Object.freeze([Object.freeze({ id: 't1', probe: 'p', input: { n: 1 } })]);
  expect(serializeChildJob({ ...job, jobs: frozen })).toContain('"n":1');
  const mutable = [{ id: 't1', probe: 'p', input: { n: 1 } as { n: number } }];
  expect(serializeChildJob({ ...job, jobs: mutable })).toContain('"n":1');
  mutable[0]!.input.n = 2;
  expect(serializeChildJob({ ...job, jobs: mutable })).toContain('"n":2');
});

import { expect, test } from 'vitest';
import { formatMetrics, metricsAccess } from './format';

const snapshot = {
  queue: { PENDING: 3, GRADING: 1 },
  outcomes: { pass: 10, fail: 4, error: 2, none: 4 },
  latenciesSeconds: [0.2, 0.5, 0.9, 1.5, 4, 12, 45, 90],
  errorVerdicts: { TIMEOUT: 1, GRADER_ERROR: 1 },
};

test('queue depth, outcomes and error verdicts are labelled gauges', () => {
  const text = formatMetrics(snapshot);
  expect(text).toContain('# TYPE hml_queue_jobs gauge');
  expect(text).toContain('hml_queue_jobs{status="PENDING"} 3');
  expect(text).toContain('hml_queue_jobs{status="GRADING"} 1');
  expect(text).toContain('hml_submissions{outcome="pass"} 10');
  expect(text).toContain('hml_submissions{outcome="none"} 4');
  expect(text).toContain('hml_grading_errors_recent{verdict="TIMEOUT"} 1');
  expect(text.endsWith('\n')).toBe(true);
});

test('the latency histogram has cumulative buckets, +Inf, sum and count', () => {
  const text = formatMetrics(snapshot);
  expect(text).toContain('# TYPE hml_grading_latency_seconds histogram');
  const bucket = (le: string) => Number(new RegExp(`hml_grading_latency_seconds_bucket\\{le="${le.replace('+', '\\+')}"\\} (\\d+)`).exec(text)?.[1]);
  expect(bucket('0.5')).toBe(2); // 0.2 and 0.5: the bound is inclusive
  expect(bucket('1')).toBe(3);
  expect(bucket('2')).toBe(4);
  expect(bucket('5')).toBe(5);
  expect(bucket('10')).toBe(5);
  expect(bucket('30')).toBe(6);
  expect(bucket('60')).toBe(7);
  expect(bucket('+Inf')).toBe(8);
  expect(text).toContain('hml_grading_latency_seconds_count 8');
  expect(text).toContain('hml_grading_latency_seconds_sum 154.1');
});

test('an empty database still gives every series a line', () => {
  const text = formatMetrics({ queue: {}, outcomes: {}, latenciesSeconds: [], errorVerdicts: {} });
  expect(text).toContain('hml_queue_jobs{status="PENDING"} 0');
  expect(text).toContain('hml_grading_latency_seconds_bucket{le="+Inf"} 0');
  expect(text).toContain('hml_grading_latency_seconds_count 0');
});

test('every sample line is name{labels} value, and label values are escaped', () => {
  const text = formatMetrics({ ...snapshot, errorVerdicts: { 'A"B\\C': 1 } });
  expect(text).toContain('hml_grading_errors_recent{verdict="A\\"B\\\\C"} 1');
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('#')) expect(line).toMatch(/^# (HELP|TYPE) hml_\w+ /);
    else expect(line).toMatch(/^hml_\w+(\{\w+="(?:[^"\\]|\\.)*"\})? -?[\d.]+(e[+-]?\d+)?$/);
  }
});

const TOKEN = 'metrics-token-0123456789';

test('a scraper with the configured bearer token is allowed', () => {
  expect(metricsAccess({ authorization: `Bearer ${TOKEN}`, configuredToken: TOKEN, role: null })).toBe(200);
});

test('a wrong token, or any token when none is configured, is 401', () => {
  expect(metricsAccess({ authorization: 'Bearer nope', configuredToken: TOKEN, role: null })).toBe(401);
  expect(metricsAccess({ authorization: `Bearer ${TOKEN}x`, configuredToken: TOKEN, role: null })).toBe(401);
  expect(metricsAccess({ authorization: `Bearer ${TOKEN}`, configuredToken: undefined, role: null })).toBe(401);
  expect(metricsAccess({ authorization: 'Bearer nope', configuredToken: TOKEN, role: 'admin' })).toBe(401);
});

test('a signed-in admin is allowed, other roles 403, anonymous 401', () => {
  expect(metricsAccess({ authorization: null, configuredToken: TOKEN, role: 'admin' })).toBe(200);
  expect(metricsAccess({ authorization: null, configuredToken: undefined, role: 'admin' })).toBe(200);
  expect(metricsAccess({ authorization: null, configuredToken: TOKEN, role: 'instructor' })).toBe(403);
  expect(metricsAccess({ authorization: null, configuredToken: TOKEN, role: 'student' })).toBe(403);
  expect(metricsAccess({ authorization: null, configuredToken: TOKEN, role: null })).toBe(401);
  expect(metricsAccess({ authorization: 'Basic abc', configuredToken: TOKEN, role: null })).toBe(401);
});

test('the event-loop delay is a summary in seconds when the snapshot carries it', () => {
  const text = formatMetrics({ queue: {}, outcomes: {}, latenciesSeconds: [], errorVerdicts: {}, eventLoop: { p50: 0.011, p99: 0.25, max: 1.5, samples: 300 } });
  expect(text).toContain('# TYPE hml_event_loop_delay_seconds summary');
  expect(text).toContain('hml_event_loop_delay_seconds{quantile="0.99"} 0.25');
  expect(text).toContain('hml_event_loop_delay_seconds{quantile="1"} 1.5');
  expect(text).toContain('hml_event_loop_delay_seconds_count 300');
});

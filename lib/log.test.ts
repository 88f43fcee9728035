import { afterEach, expect, test } from 'vitest';
import { formatLogLine, log, setLogSink } from './log';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

test('a log line is one JSON object with ts, level, msg and the fields', () => {
  const line = formatLogLine('info', 'hello', { userId: 'u1', n: 2 }, new Date('2026-01-02T03:04:05.000Z'));
  expect(line).not.toContain('\n');
  expect(JSON.parse(line)).toEqual({ ts: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'hello', userId: 'u1', n: 2 });
});

test('errors become name, message and stack; reserved keys cannot be overwritten', () => {
  const parsed = JSON.parse(formatLogLine('error', 'boom', { error: new TypeError('bad'), level: 'x' }));
  expect(parsed.level).toBe('error');
  expect(parsed.field_level).toBe('x');
  expect(parsed.error).toMatchObject({ name: 'TypeError', message: 'bad' });
  expect(parsed.error.stack).toContain('TypeError');
});

test('unserialisable fields keep the message', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  expect(JSON.parse(formatLogLine('warn', 'still here', { circular }))).toMatchObject({ msg: 'still here', fields: '[unserialisable]' });
});

test('log.* writes to the sink', () => {
  const lines: string[] = [];
  restore = setLogSink((line) => lines.push(line));
  log.error('x', { a: 1 });
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'x', a: 1 });
});

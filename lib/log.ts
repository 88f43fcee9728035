/**
 * Structured logs: one JSON object per line on stderr ({ ts, level, msg, ...fields }), so a log
 * shipper can index them without parsing prose. Errors in fields become { name, message, stack }.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

type Sink = (line: string) => void;
// console.error writes the line plus a newline to stderr (and stays visible to test spies)
let sink: Sink = (line) => console.error(line);

/** Tests capture lines with this; returns a function that restores the previous sink. */
export function setLogSink(next: Sink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/** The JSON line for one entry (exported for tests). */
export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}, now = new Date()): string {
  const entry: Record<string, unknown> = { ts: now.toISOString(), level, msg };
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'ts' || key === 'level' || key === 'msg') entry[`field_${key}`] = serialise(value);
    else entry[key] = serialise(value);
  }
  try {
    return JSON.stringify(entry);
  } catch {
    // circular or BigInt fields: keep the message rather than lose the line
    return JSON.stringify({ ts: entry.ts, level, msg, fields: '[unserialisable]' });
  }
}

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  sink(formatLogLine(level, msg, fields));
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};

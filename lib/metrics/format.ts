/**
 * Prometheus text exposition (format 0.0.4) for the operational metrics. Pure: the numbers come
 * from lib/metrics/collect.ts.
 */

/** Upper bounds (seconds) of the grading latency buckets; +Inf is added. */
export const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60] as const;

/** How many of the most recently graded submissions the latency and error figures cover. */
export const LATENCY_WINDOW = 1000;

export type MetricsSnapshot = {
  /** Jobs by queue status (PENDING, GRADING). */
  queue: Record<string, number>;
  /** All submissions by outcome; null (not graded yet) is reported as "none". */
  outcomes: Record<string, number>;
  /** gradedAt − createdAt in seconds for the most recently graded submissions. */
  latenciesSeconds: number[];
  /** Error verdicts (TIMEOUT, MEMORY_LIMIT, GRADER_ERROR, ...) among those same submissions. */
  errorVerdicts: Record<string, number>;
  /** This process's event-loop delay since the previous scrape (lib/metrics/event-loop.ts). */
  eventLoop?: { p50: number; p99: number; max: number; samples: number };
};

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function gauge(lines: string[], name: string, help: string, labelName: string, values: Record<string, number>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  for (const key of Object.keys(values).sort()) {
    lines.push(`${name}{${labelName}="${label(key)}"} ${num(values[key]!)}`);
  }
}

export function formatMetrics(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  gauge(lines, 'hml_queue_jobs', 'Submissions waiting for or being graded, by status.', 'status', {
    PENDING: 0,
    GRADING: 0,
    ...snapshot.queue,
  });
  gauge(lines, 'hml_submissions', 'Submissions stored, by outcome (none = not graded yet).', 'outcome', snapshot.outcomes);

  const name = 'hml_grading_latency_seconds';
  lines.push(
    `# HELP ${name} Time from submission to grade (gradedAt - createdAt) over the last ${LATENCY_WINDOW} graded submissions; a window snapshot, so read it directly (histogram_quantile without rate).`,
    `# TYPE ${name} histogram`,
  );
  const sorted = [...snapshot.latenciesSeconds].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  let i = 0;
  for (const bound of LATENCY_BUCKETS) {
    while (i < sorted.length && sorted[i]! <= bound) i++;
    lines.push(`${name}_bucket{le="${num(bound)}"} ${i}`);
  }
  lines.push(`${name}_bucket{le="+Inf"} ${sorted.length}`);
  const sum = sorted.reduce((a, b) => a + b, 0);
  lines.push(`${name}_sum ${num(Math.round(sum * 1000) / 1000)}`, `${name}_count ${sorted.length}`);

  gauge(
    lines,
    'hml_grading_errors_recent',
    `Error verdicts among the last ${LATENCY_WINDOW} graded submissions.`,
    'verdict',
    snapshot.errorVerdicts,
  );
  if (snapshot.eventLoop) {
    const loop = 'hml_event_loop_delay_seconds';
    lines.push(
      `# HELP ${loop} How long the answering process's event loop was blocked since the previous scrape (requests wait that long).`,
      `# TYPE ${loop} summary`,
      `${loop}{quantile="0.5"} ${num(snapshot.eventLoop.p50)}`,
      `${loop}{quantile="0.99"} ${num(snapshot.eventLoop.p99)}`,
      `${loop}{quantile="1"} ${num(snapshot.eventLoop.max)}`,
      `${loop}_count ${snapshot.eventLoop.samples}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export type MetricsAccess = 200 | 401 | 403;

/**
 * Who may read /api/metrics: a request bearing METRICS_TOKEN (scrapers), or a signed-in admin.
 * A wrong token is 401 even for an admin's browser, so a misconfigured scraper is noticed; a
 * signed-in non-admin gets 403; anyone else 401. With no token configured, only admins.
 */
export function metricsAccess(input: {
  authorization: string | null;
  configuredToken: string | undefined;
  role: string | null;
}): MetricsAccess {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? '');
  if (match) {
    return input.configuredToken && constantTimeEqual(match[1]!, input.configuredToken) ? 200 : 401;
  }
  if (input.role === null) return 401;
  return input.role === 'admin' ? 200 : 403;
}

function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

import { describe, expect, it, vi } from 'vitest';
import { createOutputCap, TRUNCATED_LINE } from './output-cap';
import type { WorkerMessage } from './protocol';
import { WorkerMessageSchema } from './protocol';
import { captureConsole, createPlotStream, formatArgs } from './worker-output';

describe('createOutputCap', () => {
  it('admits 500 lines, then says "truncated" once and drops the rest', () => {
    const cap = createOutputCap();
    const kinds = Array.from({ length: 700 }, (_, i) => cap.admit(`line ${i}`).kind);
    expect(kinds.filter((k) => k === 'pass')).toHaveLength(500);
    expect(kinds.filter((k) => k === 'truncated-now')).toHaveLength(1);
    expect(kinds[500]).toBe('truncated-now');
  });

  it('stops at 64 KB even with few lines, and clips a huge line', () => {
    const cap = createOutputCap();
    const first = cap.admit('x'.repeat(100_000));
    expect(first.kind === 'pass' && first.text.length).toBeLessThanOrEqual(4000);
    const kinds = Array.from({ length: 40 }, () => cap.admit('y'.repeat(3000)).kind);
    expect(kinds).toContain('truncated-now');
    expect(kinds.filter((k) => k === 'pass').length).toBeLessThan(22);
  });
});

describe('formatArgs', () => {
  it('prints what a learner expects to see', () => {
    expect(formatArgs(['a', 1, true, null, undefined])).toBe('a 1 true null undefined');
    expect(formatArgs([{ a: [1, 2] }])).toBe('{"a":[1,2]}');
    expect(formatArgs([new Float32Array([1, 2])])).toBe('[1,2]');
    expect(formatArgs([new Error('boom')])).toBe('Error: boom');
    expect(formatArgs([{ toString: () => 'Tensor [1, 2]' }])).toBe('Tensor [1, 2]');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatArgs([cyclic])).toBe('[object Object]');
  });
});

describe('captureConsole', () => {
  it('routes console.* to log messages that pass the protocol schema', () => {
    const posted: WorkerMessage[] = [];
    const saved = { ...console };
    try {
      captureConsole((m) => posted.push(m));
      console.log('hello', 42);
      console.warn('careful');
      for (let i = 0; i < 600; i++) console.info(i);
    } finally {
      Object.assign(console, saved);
    }
    expect(posted[0]).toEqual({ type: 'log', level: 'log', text: 'hello 42' });
    expect(posted[1]).toEqual({ type: 'log', level: 'warn', text: 'careful' });
    expect(posted).toHaveLength(501);
    expect(posted.at(-1)).toEqual({ type: 'log', level: 'warn', text: TRUNCATED_LINE });
    for (const m of posted) expect(WorkerMessageSchema.safeParse(m).success).toBe(true);
  });
});

describe('createPlotStream', () => {
  it('batches a flood of metrics into few messages and thins it, keeping the last point', () => {
    vi.useFakeTimers();
    try {
      const posted: WorkerMessage[] = [];
      const warn = vi.fn();
      const plots = createPlotStream((m) => posted.push(m), warn);
      for (let step = 0; step < 10_000; step++) plots.metric('loss', step, 1 / (step + 1));
      plots.flush();
      const points = posted.flatMap((m) => (m.type === 'metrics' ? m.points : []));
      expect(posted.length).toBeLessThanOrEqual(2);
      expect(points.length).toBeLessThanOrEqual(1000);
      expect(points.at(-1)?.step).toBe(9999);
      for (const m of posted) expect(WorkerMessageSchema.safeParse(m).success).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('warns once about NaN instead of sending it', () => {
    const posted: WorkerMessage[] = [];
    const warn = vi.fn();
    const plots = createPlotStream((m) => posted.push(m), warn);
    plots.metric('loss', 1, NaN);
    plots.metric('loss', 2, NaN);
    plots.flush();
    expect(posted).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('caps and cleans scatter points', () => {
    const posted: WorkerMessage[] = [];
    const plots = createPlotStream((m) => posted.push(m), () => undefined);
    const many = Array.from({ length: 12_000 }, (_, i) => ({ x: i, y: -i, label: i % 3 }));
    plots.scatter('big', [...many, { x: NaN, y: 0, label: 0 }]);
    const message = posted[0];
    expect(message?.type).toBe('scatter');
    if (message?.type !== 'scatter') return;
    expect(message.points.length).toBeLessThanOrEqual(5000);
    expect(message.points.every((p) => Number.isFinite(p.x))).toBe(true);
    expect(WorkerMessageSchema.safeParse(message).success).toBe(true);
  });
});

import { MAX_LOG_BYTES, MAX_LOG_LINE_CHARS, MAX_LOG_LINES } from './protocol';

export const TRUNCATED_LINE = 'Output truncated: your code printed more than 500 lines or 64 KB. Remove logging inside loops.';

export type CapDecision = { kind: 'pass'; text: string } | { kind: 'truncated-now' } | { kind: 'drop' };

/**
 * Console budget of one run. The worker applies it to be polite; the frame applies it again
 * because learner code shares the worker's globals and can post around the worker's copy.
 */
export function createOutputCap(maxLines = MAX_LOG_LINES, maxBytes = MAX_LOG_BYTES) {
  let lines = 0;
  let bytes = 0;
  let truncated = false;
  return {
    admit(text: string): CapDecision {
      if (truncated) return { kind: 'drop' };
      const clipped = text.length > MAX_LOG_LINE_CHARS ? `${text.slice(0, MAX_LOG_LINE_CHARS - 1)}…` : text;
      // Upper bound of the UTF-8 size (at most 3 bytes per UTF-16 unit), cheap to compute.
      const size = clipped.length + 2 * countNonAscii(clipped) + 1;
      if (lines + 1 > maxLines || bytes + size > maxBytes) {
        truncated = true;
        return { kind: 'truncated-now' };
      }
      lines += 1;
      bytes += size;
      return { kind: 'pass', text: clipped };
    },
    get truncated(): boolean {
      return truncated;
    },
  };
}

function countNonAscii(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) n++;
  return n;
}

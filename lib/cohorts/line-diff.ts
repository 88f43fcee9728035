export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string; oldNo: number | null; newNo: number | null };

/** Beyond this many changed lines the diff is shown as "everything replaced" (bounded work). */
export const MAX_EDITS = 1000;

/**
 * Line diff of two code versions (Myers' O(ND) shortest edit script). Common leading and trailing
 * lines are trimmed first, so the usual "changed a few lines" case costs almost nothing.
 */
export function diffLines(before: string, after: string, maxEdits = MAX_EDITS): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops = shortestEdit(a.slice(start, endA), b.slice(start, endB), maxEdits);
  const kinds: Array<DiffLine['kind']> = [
    ...Array<DiffLine['kind']>(start).fill('same'),
    ...ops,
    ...Array<DiffLine['kind']>(a.length - endA).fill('same'),
  ];
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const kind of kinds) {
    if (kind === 'same') out.push({ kind, text: a[i]!, oldNo: ++i, newNo: ++j });
    else if (kind === 'del') out.push({ kind, text: a[i]!, oldNo: ++i, newNo: null });
    else out.push({ kind, text: b[j]!, oldNo: null, newNo: ++j });
  }
  return out;
}

export function diffStats(lines: ReadonlyArray<DiffLine>): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added++;
    else if (line.kind === 'del') removed++;
  }
  return { added, removed };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Edit operations turning a into b; falls back to delete-all/add-all past maxEdits. */
function shortestEdit(a: string[], b: string[], maxEdits: number): Array<DiffLine['kind']> {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...Array<DiffLine['kind']>(n).fill('del'), ...Array<DiffLine['kind']>(m).fill('add')];
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d..d] as it was before round d, which is all backtracking needs.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return [...Array<DiffLine['kind']>(n).fill('del'), ...Array<DiffLine['kind']>(m).fill('add')];
}

function backtrack(trace: Int32Array[], n: number, m: number): Array<DiffLine['kind']> {
  const ops: Array<DiffLine['kind']> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const row = trace[d]!;
    // row index for diagonal k is k + d + 1 (the slice started at -d-1)
    const at = (k: number): number => row[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('same');
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) {
        ops.push('add');
        y--;
      } else {
        ops.push('del');
        x--;
      }
    }
  }
  return ops.reverse();
}

export type DiffRow = DiffLine | { kind: 'skip'; count: number };

/** Unchanged runs longer than twice the context fold into one "N unchanged lines" row. */
export function collapseContext(lines: ReadonlyArray<DiffLine>, context = 3): DiffRow[] {
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (skipped) rows.push({ kind: 'skip', count: skipped });
      skipped = 0;
      rows.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped) rows.push({ kind: 'skip', count: skipped });
  return rows;
}

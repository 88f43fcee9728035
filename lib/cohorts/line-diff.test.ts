import { expect, test } from 'vitest';
import { collapseContext, diffLines, diffStats } from './line-diff';

function render(before: string, after: string): string[] {
  return diffLines(before, after).map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'add' ? '+' : '-'}${l.text}`);
}

function apply(before: string, after: string): { old: string[]; new: string[] } {
  const lines = diffLines(before, after);
  return {
    old: lines.filter((l) => l.kind !== 'add').map((l) => l.text),
    new: lines.filter((l) => l.kind !== 'del').map((l) => l.text),
  };
}

test('identical code diffs to only unchanged lines', () => {
  expect(render('a\nb\n', 'a\nb\n')).toEqual([' a', ' b']);
});

test('a changed line shows as one removal and one addition in place', () => {
  expect(render('a\nb\nc', 'a\nB\nc')).toEqual([' a', '-b', '+B', ' c']);
});

test('inserted and deleted lines are found with the shortest edit', () => {
  expect(render('a\nb\nc\nd', 'a\nc\nd\ne')).toEqual([' a', '-b', ' c', ' d', '+e']);
  expect(diffStats(diffLines('x\ny\nz', 'y'))).toEqual({ added: 0, removed: 2 });
});

test('line numbers follow each side', () => {
  const lines = diffLines('one\ntwo', 'zero\none\ntwo');
  expect(lines[0]).toEqual({ kind: 'add', text: 'zero', oldNo: null, newNo: 1 });
  expect(lines[2]).toEqual({ kind: 'same', text: 'two', oldNo: 2, newNo: 3 });
});

test('every diff reproduces both versions exactly, including CRLF and empty inputs', () => {
  const cases: Array<[string, string]> = [
    ['', 'a\nb'],
    ['a\nb', ''],
    ['a\r\nb\r\nc', 'a\nc'],
    ['x\na\nb\nc\ny', 'a\nq\nb\nc\nr'],
    [Array.from({ length: 50 }, (_, i) => `l${i % 7}`).join('\n'), Array.from({ length: 40 }, (_, i) => `l${(i * 3) % 11}`).join('\n')],
  ];
  for (const [before, after] of cases) {
    const split = (s: string) => (s === '' ? [] : s.replace(/\r\n/g, '\n').split('\n'));
    expect(apply(before, after)).toEqual({ old: split(before), new: split(after) });
  }
});

test('past the edit limit the diff is everything replaced, still correct', () => {
  const before = Array.from({ length: 30 }, (_, i) => `a${i}`).join('\n');
  const after = Array.from({ length: 30 }, (_, i) => `b${i}`).join('\n');
  const lines = diffLines(before, after, 5);
  expect(diffStats(lines)).toEqual({ added: 30, removed: 30 });
});

test('long unchanged runs fold into a count, keeping three lines of context around each change', () => {
  const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
  const after = before.replace('l10', 'L10');
  const rows = collapseContext(diffLines(before, after));
  expect(rows.map((r) => (r.kind === 'skip' ? `skip ${r.count}` : `${r.kind} ${r.text}`))).toEqual([
    'skip 7', 'same l7', 'same l8', 'same l9', 'del l10', 'add L10', 'same l11', 'same l12', 'same l13', 'skip 6',
  ]);
  expect(collapseContext(diffLines('a', 'a'))).toEqual([{ kind: 'skip', count: 1 }]);
});

import { expect, test } from 'vitest';
import { EMPTY_CELL, isLate, scoreCell } from './late-policy';
import { buildRows, cellKey, median, parseMatrixQuery, queryRows, type StudentRow } from './matrix';

const row = (name: string, total: number, struggling: string[] = []): StudentRow => ({
  userId: name.toLowerCase(),
  name,
  email: `${name.toLowerCase()}@example.test`,
  joinedAt: new Date(0),
  cells: [],
  extensions: [],
  total,
  passedCount: 0,
  lateCount: 0,
  lastActivity: null,
  struggling,
});

test('the query string parser keeps known parameters, drops the rest and falls back on bad values', () => {
  expect(parseMatrixQuery({ sort: 'total', dir: 'desc', page: '3', size: '25', q: ' ana ', struggling: '1', userId: 'b' })).toEqual({
    sort: 'total',
    dir: 'desc',
    page: 3,
    size: 25,
    q: 'ana',
    struggling: true,
  });
  expect(parseMatrixQuery({ sort: 'password', page: '-4', size: '100000', struggling: 'no' })).toMatchObject({ sort: 'name', page: 1, size: 50, struggling: false });
  expect(parseMatrixQuery({ page: ['2', '9'] }).page).toBe(2);
});

test('sorting breaks ties by name, and a page past the end shows the last page', () => {
  const rows = [row('Cy', 0.5), row('Al', 0.5), row('Bo', 0.9)];
  const page = queryRows(rows, parseMatrixQuery({ sort: 'total', dir: 'desc', size: '10', page: '4' }));
  expect(page.rows.map((r) => r.name)).toEqual(['Bo', 'Al', 'Cy']);
  expect(page).toMatchObject({ page: 1, pageCount: 1, matching: 3 });
});

test('the struggling filter and the search combine', () => {
  const rows = [row('Ana', 0, ['idle']), row('Anatole', 0), row('Ben', 0, ['idle'])];
  expect(queryRows(rows, parseMatrixQuery({ q: 'ana', struggling: '1' })).rows.map((r) => r.name)).toEqual(['Ana']);
});

test('median of attempts handles odd, even and empty lists', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(median([])).toBeNull();
});

test('late means the best score was beaten only after the due date', () => {
  expect(isLate({ bestOnTime: 1, bestLate: 1 })).toBe(false);
  expect(isLate({ bestOnTime: 0.5, bestLate: 0.6 })).toBe(true);
  expect(isLate({ bestOnTime: null, bestLate: 0 })).toBe(true);
  expect(isLate({ bestOnTime: 0.2, bestLate: null })).toBe(false);
  expect(scoreCell(undefined, 'reject')).toBe(EMPTY_CELL);
});

test('a student is struggling when stalled with overdue work, not for work due later or extended', () => {
  const now = new Date('2030-01-31T00:00:00Z');
  const day = 24 * 60 * 60 * 1000;
  const student = { userId: 'u', name: 'U', email: 'u@x', joinedAt: new Date(now.getTime() - 30 * day) };
  const later = [{ id: 'a', title: 'Later', dueAt: new Date(now.getTime() + day) }];
  expect(buildRows([student], later, new Map(), 'mark', now)[0]!.struggling).toEqual([]);
  const overdue = [{ id: 'a', title: 'Now', dueAt: new Date(now.getTime() - day) }];
  expect(buildRows([student], overdue, new Map(), 'mark', now)[0]!.struggling).toEqual([
    'No graded work since joining 30 days ago, 1 overdue assignment',
  ]);
  const extended = new Map([[cellKey('u', 'a'), new Date(now.getTime() + day)]]);
  expect(buildRows([student], overdue, new Map(), 'mark', now, extended)[0]!.struggling).toEqual([]);
});

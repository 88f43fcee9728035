import { expect, test } from 'vitest';
import { draftStorageKey, pickInitialDraft, readLocalDraft, writeLocalDraft } from './draft-store';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

const uuid = '7d0a3f0e-4b7c-4a39-9a0c-2f5b0d1f8e11';

test('round-trips through storage under draft:<uuid>', () => {
  const storage = memoryStorage();
  const draft = { code: 'x', updatedAt: '2026-01-01T00:00:00.000Z', synced: false };
  expect(writeLocalDraft(storage, uuid, draft)).toBe(true);
  expect(storage.getItem(draftStorageKey(uuid))).not.toBeNull();
  expect(readLocalDraft(storage, uuid)).toEqual(draft);
});

test('garbage in storage reads as no draft', () => {
  const storage = memoryStorage();
  storage.setItem(draftStorageKey(uuid), '{not json');
  expect(readLocalDraft(storage, uuid)).toBeNull();
  storage.setItem(draftStorageKey(uuid), JSON.stringify({ code: 1 }));
  expect(readLocalDraft(storage, uuid)).toBeNull();
});

test('a failing storage reports the failed write', () => {
  const storage = memoryStorage();
  storage.setItem = () => {
    throw new Error('QuotaExceededError');
  };
  expect(writeLocalDraft(storage, uuid, { code: 'x', updatedAt: 'now', synced: false })).toBe(false);
});

test('no drafts: the starter', () => {
  expect(pickInitialDraft({ starter: 's', server: null, local: null })).toEqual({
    code: 's',
    source: 'starter',
    needsSync: false,
  });
});

test('a newer local copy wins and is queued for the server', () => {
  const picked = pickInitialDraft({
    starter: 's',
    server: { code: 'server', updatedAt: '2026-01-01T00:00:00.000Z' },
    local: { code: 'local', updatedAt: '2026-01-01T00:05:00.000Z', synced: false },
  });
  expect(picked).toEqual({ code: 'local', source: 'local', needsSync: true });
});

test('a newer server draft (another device) wins over an older local copy', () => {
  const picked = pickInitialDraft({
    starter: 's',
    server: { code: 'server', updatedAt: '2026-01-02T00:00:00.000Z' },
    local: { code: 'local', updatedAt: '2026-01-01T00:00:00.000Z', synced: true },
  });
  expect(picked.source).toBe('server');
});

test('identical code goes to the server whatever the timestamps', () => {
  const picked = pickInitialDraft({
    starter: 's',
    server: { code: 'same', updatedAt: '2026-01-01T00:00:00.000Z' },
    local: { code: 'same', updatedAt: '2027-01-01T00:00:00.000Z', synced: false },
  });
  expect(picked).toEqual({ code: 'same', source: 'server', needsSync: false });
});

test('signed out (no server draft): the local copy', () => {
  const picked = pickInitialDraft({
    starter: 's',
    server: null,
    local: { code: 'local', updatedAt: '2026-01-01T00:00:00.000Z', synced: false },
  });
  expect(picked.code).toBe('local');
});

/** The localStorage copy of a draft. `synced` says the server holds this exact code. */
export type LocalDraft = { code: string; updatedAt: string; synced: boolean };
export type DraftSource = 'server' | 'local' | 'starter';

export function draftStorageKey(exerciseUuid: string): string {
  return `draft:${exerciseUuid}`;
}

/** localStorage, or null where it is absent or throws (private modes, disabled storage, server render). */
export function safeLocalStorage(): Storage | null {
  try {
    if (typeof window === 'undefined') return null;
    const storage = window.localStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}

export function readLocalDraft(storage: Storage | null, exerciseUuid: string): LocalDraft | null {
  if (!storage) return null;
  let raw: string | null;
  try {
    raw = storage.getItem(draftStorageKey(exerciseUuid));
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (isLocalDraft(value)) return value;
  } catch {
    // Not JSON: fall through.
  }
  return null;
}

/** Returns false when the write failed (quota, disabled storage): the caller then says so. */
export function writeLocalDraft(storage: Storage | null, exerciseUuid: string, draft: LocalDraft): boolean {
  if (!storage) return false;
  try {
    storage.setItem(draftStorageKey(exerciseUuid), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/**
 * Which code the editor opens with. The newer of the server draft and the local copy wins; a tie or an
 * identical text goes to the server. Timestamps of unsynced local edits come from this device's clock,
 * synced ones from the server's (the server's `updatedAt` is stored back after every save).
 */
export function pickInitialDraft(input: {
  starter: string;
  server: { code: string; updatedAt: string } | null;
  local: LocalDraft | null;
}): { code: string; source: DraftSource; needsSync: boolean } {
  const { starter, server, local } = input;
  if (local && (!server || (local.code !== server.code && time(local.updatedAt) > time(server.updatedAt)))) {
    // It differs from what the server holds (or the server holds nothing), so it has to reach the server.
    return { code: local.code, source: 'local', needsSync: true };
  }
  if (server) return { code: server.code, source: 'server', needsSync: false };
  return { code: starter, source: 'starter', needsSync: false };
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

function isLocalDraft(value: unknown): value is LocalDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.updatedAt === 'string' && typeof v.synced === 'boolean';
}

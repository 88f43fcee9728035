'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  pickInitialDraft,
  readLocalDraft,
  safeLocalStorage,
  writeLocalDraft,
  type DraftSource,
} from './draft-store';

/**
 * saved: the server holds this code. saving: a save is pending or in flight. offline: the server could
 * not be reached, the code is in localStorage. error: the server refused it (detail says why).
 * local: signed out, localStorage only. unsaved: not even localStorage works.
 */
export type SaveStatus = 'saved' | 'saving' | 'offline' | 'error' | 'local' | 'unsaved';

const DEBOUNCE_MS = 800;
/** How long a run waits for the server save; the localStorage copy is already written by then. */
const PRE_RUN_SAVE_WAIT_MS = 2000;
/** keepalive bodies are capped (64 KiB in total per page) by browsers. */
const KEEPALIVE_MAX_CHARS = 60_000;

export type DraftApi = {
  code: string;
  setCode: (code: string) => void;
  getCode: () => string;
  status: SaveStatus;
  detail: string | null;
  source: DraftSource;
  /** Saves now and waits (bounded) for the server; used before every run. */
  flush: () => Promise<void>;
};

export function useDraft(options: {
  exerciseUuid: string;
  signedIn: boolean;
  starter: string;
  serverDraft: { code: string; updatedAt: string } | null;
}): DraftApi {
  const { exerciseUuid, signedIn, starter, serverDraft } = options;
  const url = `/api/drafts/${encodeURIComponent(exerciseUuid)}`;

  const [code, setCodeState] = useState(serverDraft?.code ?? starter);
  const [status, setStatus] = useState<SaveStatus>(signedIn ? 'saved' : 'local');
  const [detail, setDetail] = useState<string | null>(null);
  const [source, setSource] = useState<DraftSource>(serverDraft ? 'server' : 'starter');

  const latest = useRef(code);
  /**
   * This page's editor session and the number of the edit `latest` holds: the server keeps the
   * highest-numbered edit of a session, whatever order the saves arrive in (lib/db/drafts.ts).
   */
  const session = useRef<string | null>(null);
  const editSeq = useRef(0);
  /** The code the server is known to hold. */
  const onServer = useRef<string | null>(serverDraft?.code ?? null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const clearTimer = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  const markSynced = useCallback(
    (saved: string, updatedAt: string) => {
      onServer.current = saved;
      if (latest.current !== saved) return;
      // Storing the server's timestamp keeps later comparisons on one clock.
      writeLocalDraft(safeLocalStorage(), exerciseUuid, { code: saved, updatedAt, synced: true });
      setStatus('saved');
      setDetail(null);
    },
    [exerciseUuid],
  );

  /** Saves are chained so that they reach the server in the order they were made. */
  const saveToServer = useCallback((): Promise<void> => {
    const job = queue.current.then(async () => {
      const snapshot = latest.current;
      if (snapshot === onServer.current) {
        if (!timer.current) setStatus('saved');
        return;
      }
      setStatus('saving');
      try {
        const response = await fetch(url, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: saveBody(snapshot, (session.current ??= newSessionId()), editSeq.current),
        });
        const body: unknown = await response.json().catch(() => null);
        if (response.ok && readBoolean(body, 'superseded')) {
          // The server holds a later edit (another tab or device). Ours is still in localStorage.
          if (latest.current === snapshot) {
            setStatus('error');
            setDetail('a later edit of this page is already saved');
          }
        } else if (response.ok) {
          markSynced(snapshot, readString(body, 'updatedAt') ?? new Date().toISOString());
        } else if (response.status >= 500) {
          setStatus('offline');
        } else {
          setStatus('error');
          setDetail(readString(body, 'error') ?? refusalMessage(response.status));
        }
      } catch {
        setStatus('offline');
      }
    });
    queue.current = job.catch(() => undefined);
    return job;
  }, [url, markSynced]);

  const setCode = useCallback(
    (next: string) => {
      if (next === latest.current) return;
      latest.current = next;
      editSeq.current += 1;
      setCodeState(next);
      // Written synchronously on every edit: a crashed tab or a lost connection never loses code.
      const stored = writeLocalDraft(safeLocalStorage(), exerciseUuid, {
        code: next,
        updatedAt: new Date().toISOString(),
        synced: false,
      });
      if (!signedIn) {
        setStatus(stored ? 'local' : 'unsaved');
        return;
      }
      setStatus('saving');
      clearTimer();
      timer.current = setTimeout(() => {
        timer.current = null;
        void saveToServer();
      }, DEBOUNCE_MS);
    },
    [exerciseUuid, signedIn, clearTimer, saveToServer],
  );

  const flush = useCallback(async () => {
    if (!signedIn) return;
    clearTimer();
    await Promise.race([saveToServer(), new Promise<void>((resolve) => setTimeout(resolve, PRE_RUN_SAVE_WAIT_MS))]);
  }, [signedIn, clearTimer, saveToServer]);

  const getCode = useCallback(() => latest.current, []);

  // Restore: the newer of the server draft and this browser's copy. Runs after hydration because
  // localStorage does not exist on the server.
  useEffect(() => {
    const local = readLocalDraft(safeLocalStorage(), exerciseUuid);
    const picked = pickInitialDraft({ starter, server: signedIn ? serverDraft : null, local });
    setSource(picked.source);
    if (picked.code !== latest.current) {
      latest.current = picked.code;
      setCodeState(picked.code);
    }
    if (signedIn && picked.needsSync) void saveToServer();
    // Only on mount: later prop changes must not overwrite what the learner is typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Leaving the page: send what is pending with keepalive, which outlives the document.
  useEffect(() => {
    if (!signedIn) return;
    function flushOnLeave() {
      const snapshot = latest.current;
      if (snapshot === onServer.current) return;
      clearTimer();
      const body = saveBody(snapshot, (session.current ??= newSessionId()), editSeq.current);
      fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body,
        keepalive: body.length <= KEEPALIVE_MAX_CHARS,
      })
        .then(async (response) => {
          if (!response.ok) return;
          const parsed: unknown = await response.json().catch(() => null);
          if (readBoolean(parsed, 'superseded')) return;
          markSynced(snapshot, readString(parsed, 'updatedAt') ?? new Date().toISOString());
        })
        .catch(() => setStatus('offline'));
    }
    function onVisibility() {
      if (document.visibilityState === 'hidden') flushOnLeave();
    }
    function onOnline() {
      if (latest.current !== onServer.current) void saveToServer();
    }
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flushOnLeave);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flushOnLeave);
      window.removeEventListener('online', onOnline);
      // Client-side navigation unmounts without a pagehide: a pending debounced save goes out now.
      flushOnLeave();
    };
  }, [signedIn, url, clearTimer, markSynced, saveToServer]);

  useEffect(() => clearTimer, [clearTimer]);

  return { code, setCode, getCode, status, detail, source, flush };
}

function refusalMessage(status: number): string {
  if (status === 401) return 'you are signed out';
  if (status === 413) return 'the code is too large';
  return `the server refused it (HTTP ${status})`;
}

/** crypto.randomUUID needs a secure context; a demo served over plain http on a LAN has none. */
function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function saveBody(code: string, session: string, seq: number): string {
  return JSON.stringify({ code, session, seq });
}

function readBoolean(body: unknown, key: string): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>)[key] === true;
}

function readString(body: unknown, key: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

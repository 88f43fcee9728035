'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from './api-client';

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One API call behind a button or form: pending state, the server's message on failure, and a
 * server re-render on success so tables show the change.
 */
export function useAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  async function run(method: Method, url: string, body?: unknown, done?: (data: unknown) => string | void): Promise<boolean> {
    setPending(true);
    setMessage(null);
    const result = await callApi(method, url, body);
    setPending(false);
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error });
      return false;
    }
    const text = done?.(result.data);
    if (text) setMessage({ kind: 'ok', text });
    router.refresh();
    return true;
  }
  return { pending, message, setMessage, run };
}

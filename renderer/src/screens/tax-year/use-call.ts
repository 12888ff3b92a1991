// One contract call's answer as screen state: loading, failed or ready, re-asked whenever
// its request (or a version the screen bumps after a change) differs. While a new answer
// is on its way the last one stays on screen, marked as refreshing, so figures never
// flash away; an answer that arrives after a newer request was made is dropped.
import { useCallback, useEffect, useState } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; value: T; refreshing: boolean };

/** `request` null means "not yet": nothing is asked until it is known. */
export function useCall<K extends CallName>(name: K, request: CallRequest<K> | null, version = 0): Loaded<CallResponse<K>> & { retry: () => void } {
  const [loaded, setLoaded] = useState<Loaded<CallResponse<K>>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = request === null ? null : JSON.stringify(request);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setLoaded((previous) => (previous.state === 'ready' ? { ...previous, refreshing: true } : { state: 'loading' }));
    call(name, JSON.parse(key) as CallRequest<K>).then(
      (value) => {
        if (current) setLoaded({ state: 'ready', value, refreshing: false });
      },
      (error: unknown) => {
        if (current) setLoaded({ state: 'error', message: messageOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [name, key, version, attempt]);

  const retry = useCallback(() => {
    setLoaded({ state: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { ...loaded, retry };
}

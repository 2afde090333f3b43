import { useCallback, useState } from 'react';
import type { ApiError } from './api-error';
import { asApiError } from './use-api';

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  busy: boolean;
  error: ApiError | undefined;
  clearError: () => void;
}

/** A call that changes something (a button's work): busy while it runs, its error kept for display. */
export function useAction<A extends unknown[], T>(call: (...args: A) => Promise<T>): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(undefined);
      try {
        return await call(...args);
      } catch (failure) {
        setError(asApiError(failure));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [call],
  );
  return { run, busy, error, clearError: useCallback(() => setError(undefined), []) };
}

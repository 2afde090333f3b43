import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/api-error';
import { api, request } from '../api/http-client';
import type { SyncRunRecord } from '../api/types';
import { asApiError, useApi } from '../api/use-api';

/** How often a running run is asked for its progress. */
export const POLL_MS = 500;

export type RunStart =
  | { kind: 'test' }
  | { kind: 'sync'; allowMassDelete: boolean }
  | { kind: 'apply'; testRunId: string; allowMassDelete: boolean };

export function isFinal(run: SyncRunRecord): boolean {
  return run.state === 'succeeded' || run.state === 'failed';
}

/**
 * Starts Test Settings, Synchronize now or the apply of a tested plan (the
 * API answers 202 with the queued run), then follows the run until it ends.
 */
export function useRun() {
  const [run, setRun] = useState<SyncRunRecord>();
  const [error, setError] = useState<ApiError>();
  const [starting, setStarting] = useState(false);
  const following = useRef(0);

  useEffect(() => () => void (following.current = -1), []);

  const follow = useCallback(async (first: SyncRunRecord) => {
    const ticket = ++following.current;
    let current = first;
    setRun(current);
    while (!isFinal(current)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (ticket !== following.current) return;
      try {
        current = await api.get<SyncRunRecord>(`/directory/runs/${encodeURIComponent(current.id)}`);
      } catch (failure) {
        setError(asApiError(failure));
        return;
      }
      if (ticket !== following.current) return;
      setRun(current);
    }
  }, []);

  const start = useCallback(
    async (what: RunStart) => {
      setStarting(true);
      setError(undefined);
      setRun(undefined);
      try {
        const path =
          what.kind === 'test'
            ? '/directory/test'
            : what.kind === 'sync'
              ? '/directory/sync'
              : `/directory/runs/${encodeURIComponent(what.testRunId)}/apply`;
        const body = what.kind === 'test' ? {} : { allowMassDelete: what.allowMassDelete };
        const answer = await request<SyncRunRecord>('POST', path, body);
        setStarting(false);
        await follow(answer.body);
      } catch (failure) {
        setError(asApiError(failure));
        setStarting(false);
      }
    },
    [follow],
  );

  const running = starting || (run !== undefined && !isFinal(run));
  return { run, error, running, start };
}

export function useRunRecord(runId: string) {
  return useApi(
    () => api.get<SyncRunRecord>(`/directory/runs/${encodeURIComponent(runId)}`),
    runId,
  );
}

export function useRunHistory(limit: number, key: string) {
  return useApi(
    () => api.get<SyncRunRecord[]>(`/directory/runs?limit=${limit}`),
    `${limit}-${key}`,
  );
}

import { api } from '../api/http-client';
import type { PlanAction, RunChangesPage } from '../api/types';
import { useApi } from '../api/use-api';

export interface RunChangesQuery {
  offset: number;
  limit: number;
  /** One action, or every action when absent. */
  action?: PlanAction;
  /** User names that contain this, in any case (the server searches). */
  userName?: string;
}

/**
 * One page of a run's planned changes, filtered and searched by the server
 * (`GET /directory/runs/:id/changes`): a plan of 100,000 changes is never
 * downloaded whole. Debounce `userName` before it gets here: each new
 * query cancels the request of the one before.
 */
export function useRunChanges(runId: string, query: RunChangesQuery) {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.action) params.set('action', query.action);
  if (query.userName) params.set('userName', query.userName);
  const path = `/directory/runs/${encodeURIComponent(runId)}/changes?${params.toString()}`;
  return useApi((signal) => api.get<RunChangesPage>(path, signal), path);
}

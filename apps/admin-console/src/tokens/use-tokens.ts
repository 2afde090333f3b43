import { useCallback } from 'react';
import { api } from '../api/http-client';
import type { ApiToken } from '../api/types';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';

export interface CreatedToken {
  id: string;
  name: string;
  isAdmin: boolean;
  createdAt: string;
  token: string;
}

export function useTokens(key: string) {
  return useApi(() => api.get<ApiToken[]>('/admin/tokens'), key);
}

export function useCreateToken() {
  return useAction(
    useCallback(
      (name: string, isAdmin: boolean) =>
        api.post<CreatedToken>('/admin/tokens', { name, isAdmin }),
      [],
    ),
  );
}

export function useRevokeToken() {
  return useAction(
    useCallback(async (id: string) => {
      await api.delete<unknown>(`/admin/tokens/${encodeURIComponent(id)}`);
      return true;
    }, []),
  );
}

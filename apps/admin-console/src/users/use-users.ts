import { useCallback } from 'react';
import { api } from '../api/http-client';
import type {
  PrivilegeName,
  StoredUser,
  UserDetails,
  UsersPage,
  VerifyPasswordResult,
} from '../api/types';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';

export type UserKind = 'all' | 'directory' | 'local';

export interface UsersQuery {
  offset: number;
  limit: number;
  q: string;
  kind: UserKind;
}

/**
 * One page of the user store, searched and filtered by the server (never
 * the whole store). Debounce `q` before it gets here: each new query
 * cancels the request of the one before.
 */
export function useUsersPage(query: UsersQuery, key: string) {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.kind !== 'all') params.set('authMethod', query.kind);
  const path = `/users?${params.toString()}`;
  return useApi((signal) => api.get<UsersPage>(path, signal), `${path}#${key}`);
}

/** One user with what the list leaves out (the archive folder). */
export function useUserDetails(userId: string, key: string) {
  const path = `/users/${encodeURIComponent(userId)}`;
  return useApi((signal) => api.get<UserDetails>(path, signal), `${path}#${key}`);
}

export function useSetPrivileges() {
  return useAction(
    useCallback(
      (userId: string, privileges: PrivilegeName[]) =>
        api.put<UserDetails>(`/users/${encodeURIComponent(userId)}/privileges`, { privileges }),
      [],
    ),
  );
}

export function useTestAuthentication() {
  return useAction(
    useCallback(
      (userName: string, password: string) =>
        api.post<VerifyPasswordResult>('/directory/test-authentication', { userName, password }),
      [],
    ),
  );
}

export function useAddLocalUser() {
  return useAction(
    useCallback(
      (user: Pick<StoredUser, 'userName' | 'fullName' | 'emailAddresses' | 'privileges'>) =>
        api.post<StoredUser>('/users', user),
      [],
    ),
  );
}

export function useDeleteLocalUser() {
  return useAction(
    useCallback(async (id: string) => {
      await api.delete<unknown>(`/users/${encodeURIComponent(id)}`);
      return true;
    }, []),
  );
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { request, setCsrfToken, whenSignedOut } from '../api/http-client';
import type { ConsoleSession } from '../api/types';

export type SignInRequest = { adminToken: string } | { userName: string; password: string };

export interface SessionState {
  /** undefined while the console asks whether a session exists. */
  session: ConsoleSession | null | undefined;
  signIn: (credentials: SignInRequest) => Promise<void>;
  signOut: () => Promise<void>;
}

/** The console's session: asked for at start, set by signing in, ended by signing out or a 401. */
export function useSession(): SessionState {
  const [session, setSession] = useState<ConsoleSession | null>();

  const adopt = useCallback((next: ConsoleSession | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    whenSignedOut(() => adopt(null));
    request<ConsoleSession>('GET', '/console/session').then(
      (answer) => adopt(answer.body),
      () => adopt(null),
    );
  }, [adopt]);

  const signIn = useCallback(
    async (credentials: SignInRequest) => {
      const answer = await request<ConsoleSession>('POST', '/console/session', credentials);
      adopt(answer.body);
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await request('DELETE', '/console/session');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    adopt(null);
  }, [adopt]);

  return { session, signIn, signOut };
}

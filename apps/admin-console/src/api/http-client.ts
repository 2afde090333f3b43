import { ApiError } from './api-error';

/**
 * The console's only way to the server: config-api's public API on the same
 * origin, with the session cookie (HttpOnly: this code never sees it) and
 * the CSRF token the sign-in answered, on every request that changes
 * something.
 */
let csrfToken: string | null = null;
let onSignedOut: () => void = () => undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401: the session ended (expired, revoked, signed out elsewhere). */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  location: string | null;
}

/** `signal` cancels the request (a newer one replaced it); the promise then rejects with an AbortError. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string; details?: unknown };
    if (response.status === 401 && !path.startsWith('/console/session')) onSignedOut();
    throw new ApiError(
      response.status,
      error.code ?? 'unknown-error',
      error.message ?? response.statusText,
      error.details ?? null,
    );
  }
  return { status: response.status, body: parsed as T, location: response.headers.get('location') };
}

export const api = {
  get: async <T>(path: string, signal?: AbortSignal) =>
    (await request<T>('GET', path, undefined, signal)).body,
  post: async <T>(path: string, body?: unknown, signal?: AbortSignal) =>
    (await request<T>('POST', path, body ?? {}, signal)).body,
  put: async <T>(path: string, body: unknown) => (await request<T>('PUT', path, body)).body,
  delete: async <T>(path: string) => (await request<T>('DELETE', path)).body,
};

import type { ApiError } from '../api/api-error';

/** An API error as an admin reads it: what failed, the server's words, and its code. */
export function ErrorNotice({ error, title }: { error: ApiError; title?: string }) {
  return (
    <div className="notice error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <span>{error.message}</span>
      <code className="muted">{error.code}</code>
    </div>
  );
}

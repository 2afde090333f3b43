import { type FormEvent, useState } from 'react';
import { asApiError } from '../api/use-api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';
import type { SignInRequest } from './use-session';

/**
 * Sign in as an admin: a directory user with the administer-directory
 * privilege (directory password, checked by auth-gateway), or with the
 * bootstrap ADMIN_TOKEN / an admin API token.
 */
export function SignInPage({ onSignIn }: { onSignIn: (request: SignInRequest) => Promise<void> }) {
  const [withToken, setWithToken] = useState(false);
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [adminToken, setAdminToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(withToken ? { adminToken } : { userName, password });
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form
        className="card sign-in-card"
        onSubmit={(event) => void submit(event)}
        aria-labelledby="sign-in-title"
      >
        <h1 id="sign-in-title">dirsync · Directory Services</h1>
        <p className="muted">
          {withToken
            ? 'Sign in with the bootstrap admin token (ADMIN_TOKEN) or an API token with the admin right.'
            : 'Sign in with your directory account. It needs the administer-directory privilege.'}
        </p>
        {withToken ? (
          <TextField
            label="Admin token"
            type="password"
            value={adminToken}
            onChange={setAdminToken}
            autoComplete="off"
            required
          />
        ) : (
          <>
            <TextField
              label="User name"
              value={userName}
              onChange={setUserName}
              autoComplete="username"
              required
            />
            <TextField
              label="Password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              required
            />
          </>
        )}
        {error && <ErrorNotice error={error} title="Sign-in refused" />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setWithToken(!withToken);
              setError(undefined);
            }}
          >
            {withToken ? 'Sign in with a directory account' : 'Sign in with an admin token'}
          </button>
        </div>
      </form>
    </main>
  );
}

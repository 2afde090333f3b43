import { type FormEvent, useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';
import { useTestAuthentication } from './use-users';

/** The seed's "test the authentication for a user": asks for the password, then says precisely what happened. */
export function TestAuthenticationDialog({
  userName,
  onClose,
}: {
  userName: string;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const test = useTestAuthentication();
  const [result, setResult] = useState<{ outcome: string; message: string }>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(await test.run(userName, password));
  };
  return (
    <Dialog title={`Test authentication of ${userName}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <TextField
          label="Password"
          type="password"
          autoComplete="off"
          value={password}
          onChange={setPassword}
        />
        {result && (
          <p
            role="status"
            className={`notice ${result.outcome === 'success' ? 'success' : 'error'}`}
          >
            <strong>
              {result.outcome === 'success' ? 'Authentication succeeded' : 'Authentication failed'}
            </strong>
            <span>{result.message}</span>
            <code className="muted">{result.outcome}</code>
          </p>
        )}
        {test.error && <ErrorNotice error={test.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={test.busy}>
            OK
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}

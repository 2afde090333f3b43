import { type FormEvent, useState } from 'react';
import { CheckboxField } from '../ui/CheckboxField';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/TextField';
import { type CreatedToken, useCreateToken } from './use-tokens';

/** Makes an API token for a script; the token is shown here once and never again. */
export function NewTokenForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [created, setCreated] = useState<CreatedToken>();
  const create = useCreateToken();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = await create.run(name, isAdmin);
    if (!token) return;
    setCreated(token);
    setName('');
    onCreated();
  };
  const problem = create.error?.fieldProblems.find((p) => p.field === 'name')?.message;
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="New API token">
      <div className="toolbar">
        <TextField
          label="Token name"
          value={name}
          onChange={setName}
          required
          problem={problem}
          hint="e.g. nightly-report"
        />
        <CheckboxField
          label="Admin right"
          checked={isAdmin}
          onChange={setIsAdmin}
          hint="Without it the token can only read the dashboard"
        />
        <button type="submit" className="primary" disabled={create.busy}>
          Create token
        </button>
      </div>
      {create.error && !problem && <ErrorNotice error={create.error} />}
      {created && (
        <div className="notice success" role="status">
          <strong>Token “{created.name}” created. Copy it now: it is not shown again.</strong>
          <code className="secret" aria-label="New token value">
            {created.token}
          </code>
          <span className="muted">Use it as: Authorization: Bearer &lt;token&gt;</span>
        </div>
      )}
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import type { PrivilegeName, StoredUser } from '../api/types';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { inCatalogueOrder, PrivilegeCheckboxes } from '../ui/PrivilegeCheckboxes';
import { TextField } from '../ui/TextField';
import { useAddLocalUser } from './use-users';

/** A user added by hand: never changed or deleted by a synchronization. */
export function AddLocalUserDialog({
  onAdded,
  onClose,
}: {
  onAdded: (user: StoredUser) => void;
  onClose: () => void;
}) {
  const [userName, setUserName] = useState('');
  const [fullName, setFullName] = useState('');
  const [addresses, setAddresses] = useState('');
  const [privileges, setPrivileges] = useState(
    new Set<PrivilegeName>(['log-on', 'read-own-archive']),
  );
  const add = useAddLocalUser();
  const problems = new Map(
    add.error?.fieldProblems.map((problem) => [problem.field, problem.message]),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await add.run({
      userName,
      fullName: fullName || null,
      emailAddresses: addresses
        .split(',')
        .map((address) => address.trim())
        .filter(Boolean),
      privileges: inCatalogueOrder(privileges) as StoredUser['privileges'],
    });
    if (user) onAdded(user);
  };
  return (
    <Dialog title="Add local user" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <TextField
          label="User name"
          value={userName}
          onChange={setUserName}
          required
          problem={problems.get('userName')}
        />
        <TextField
          label="Full name"
          value={fullName}
          onChange={setFullName}
          problem={problems.get('fullName')}
        />
        <TextField
          label="E-mail addresses"
          value={addresses}
          onChange={setAddresses}
          hint="Comma-separated, the primary address first"
          problem={[...problems].find(([field]) => field.startsWith('emailAddresses'))?.[1]}
        />
        <PrivilegeCheckboxes legend="Privileges" chosen={privileges} onChange={setPrivileges} />
        {add.error && <ErrorNotice error={add.error} title="The user was not added" />}
        <div className="actions">
          <button type="submit" className="primary" disabled={add.busy}>
            Add user
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

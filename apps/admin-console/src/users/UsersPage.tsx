import { useState } from 'react';
import type { StoredUser } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Pager } from '../ui/Pager';
import { Section } from '../ui/Section';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { SEARCH_DEBOUNCE_MS, useDebouncedValue } from '../ui/use-debounced-value';
import { usePageOffset } from '../ui/use-page-offset';
import { AddLocalUserDialog } from './AddLocalUserDialog';
import { TestAuthenticationDialog } from './TestAuthenticationDialog';
import { UserDetails } from './UserDetails';
import { UsersTable } from './UsersTable';
import { type UserKind, useDeleteLocalUser, useUsersPage } from './use-users';

const PAGE = 50;
const KINDS: { value: UserKind; label: string }[] = [
  { value: 'all', label: 'All users' },
  { value: 'directory', label: 'Directory users' },
  { value: 'local', label: 'Local users' },
];

export function UsersPage() {
  const [q, setQ] = useState('');
  // The search goes out once typing pauses; each new one cancels the one before.
  const search = useDebouncedValue(q, SEARCH_DEBOUNCE_MS);
  const [kind, setKind] = useState<UserKind>('all');
  const [offset, setOffset] = usePageOffset(`${kind}\n${search}`);
  const [generation, setGeneration] = useState(0);
  const page = useUsersPage({ offset, limit: PAGE, q: search, kind }, String(generation));
  const [selected, setSelected] = useState<StoredUser>();
  const [dialog, setDialog] = useState<'test' | 'add'>();
  const remove = useDeleteLocalUser();

  return (
    <>
      <h1>Users</h1>
      <div className="users-layout">
        <Section
          title="User store"
          actions={
            <button type="button" onClick={() => setDialog('add')}>
              Add local user…
            </button>
          }
        >
          <div className="toolbar">
            <TextField
              label="Search users"
              type="search"
              value={q}
              placeholder="name or e-mail address"
              onChange={setQ}
            />
            <SelectField label="Show" value={kind} options={KINDS} onChange={setKind} />
            {page.data && (
              <Pager
                offset={offset}
                limit={PAGE}
                total={page.data.total}
                onChange={setOffset}
                label="User pages"
              />
            )}
          </div>
          {page.error && <ErrorNotice error={page.error} />}
          {page.data && (
            <UsersTable users={page.data.users} selectedId={selected?.id} onSelect={setSelected} />
          )}
        </Section>
        <div>
          {selected ? (
            <UserDetails
              user={selected}
              reloadKey={String(generation)}
              onPrivilegesSaved={(user) => {
                setSelected(user);
                setGeneration(generation + 1);
              }}
              deleting={remove.busy}
              onTestAuthentication={() => setDialog('test')}
              onDelete={() =>
                void remove.run(selected.id).then((done) => {
                  if (done === undefined) return;
                  setSelected(undefined);
                  setGeneration(generation + 1);
                })
              }
            />
          ) : (
            <p className="muted card">
              Select a user to see the details and test the authentication.
            </p>
          )}
          {remove.error && <ErrorNotice error={remove.error} title="The user was not deleted" />}
        </div>
      </div>
      {dialog === 'test' && selected && (
        <TestAuthenticationDialog
          userName={selected.userName}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'add' && (
        <AddLocalUserDialog
          onClose={() => setDialog(undefined)}
          onAdded={(user) => {
            setDialog(undefined);
            setSelected(user);
            setGeneration(generation + 1);
          }}
        />
      )}
    </>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import type { PrivilegeName, UserDetails } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { inCatalogueOrder, PrivilegeCheckboxes } from '../ui/PrivilegeCheckboxes';
import { useSetPrivileges } from './use-users';

/**
 * A user's privileges as labelled checkboxes (Space toggles, Tab moves on to
 * Save). What an admin sets here stays: a sync gives privileges only to the
 * users it creates. Mount it again (a `key`) for another user.
 */
export function PrivilegesForm(props: {
  userId: string;
  privileges: readonly PrivilegeName[];
  onSaved: (user: UserDetails) => void;
}) {
  const [chosen, setChosen] = useState(new Set<PrivilegeName>(props.privileges));
  const [saved, setSaved] = useState(false);
  const save = useSetPrivileges();
  const savedList = props.privileges.join(',');
  // The user's saved privileges changed (this form's save, or a reload): start from them.
  useEffect(() => setChosen(new Set(props.privileges)), [savedList]);
  const list = inCatalogueOrder(chosen);
  const changed =
    list.length !== props.privileges.length ||
    list.some((privilege) => !props.privileges.includes(privilege));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await save.run(props.userId, list);
    if (!user) return;
    setSaved(true);
    props.onSaved(user);
  };
  return (
    <form aria-label="Privileges" onSubmit={(event) => void submit(event)}>
      <PrivilegeCheckboxes
        legend="Privileges"
        chosen={chosen}
        onChange={(next) => {
          setChosen(next);
          setSaved(false);
        }}
      />
      {save.error && <ErrorNotice error={save.error} title="The privileges were not saved" />}
      {saved && !changed && (
        <p className="notice success" role="status">
          Privileges saved.
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy || !changed}>
          {save.busy ? 'Saving…' : 'Save privileges'}
        </button>
        {changed && <span className="muted">Unsaved changes</span>}
      </div>
    </form>
  );
}

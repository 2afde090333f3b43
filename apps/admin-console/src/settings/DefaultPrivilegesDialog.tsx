import { useState } from 'react';
import type { DirectorySettings } from '../api/types';
import { CheckboxField } from '../ui/CheckboxField';
import { Dialog } from '../ui/Dialog';
import { PRIVILEGE_LABELS, PRIVILEGES } from '../ui/privileges';

type Privileges = DirectorySettings['options']['defaultPrivileges'];

/** The seed's "Default Privileges…": what new synchronized users start with. */
export function DefaultPrivilegesDialog(props: {
  chosen: Privileges;
  onChoose: (privileges: Privileges) => void;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState(new Set<string>(props.chosen));
  const toggle = (privilege: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(privilege);
    else next.delete(privilege);
    setChosen(next);
  };
  return (
    <Dialog title="Default Privileges" onClose={props.onClose}>
      <p className="muted">
        Given to users when a synchronization creates them; existing users keep theirs.
      </p>
      <fieldset className="privileges">
        <legend>Privileges of new users</legend>
        {PRIVILEGES.map((privilege) => (
          <CheckboxField
            key={privilege}
            label={PRIVILEGE_LABELS[privilege]}
            checked={chosen.has(privilege)}
            onChange={(on) => toggle(privilege, on)}
          />
        ))}
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            props.onChoose(PRIVILEGES.filter((privilege) => chosen.has(privilege)) as Privileges)
          }
        >
          OK
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

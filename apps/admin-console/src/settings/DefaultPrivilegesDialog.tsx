import { useState } from 'react';
import type { DirectorySettings, PrivilegeName } from '../api/types';
import { Dialog } from '../ui/Dialog';
import { inCatalogueOrder, PrivilegeCheckboxes } from '../ui/PrivilegeCheckboxes';

type Privileges = DirectorySettings['options']['defaultPrivileges'];

/** The seed's "Default Privileges…": what new synchronized users start with. */
export function DefaultPrivilegesDialog(props: {
  chosen: Privileges;
  onChoose: (privileges: Privileges) => void;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState(new Set<PrivilegeName>(props.chosen));
  return (
    <Dialog title="Default Privileges" onClose={props.onClose}>
      <p className="muted">
        Given to users when a synchronization creates them; existing users keep theirs.
      </p>
      <PrivilegeCheckboxes legend="Privileges of new users" chosen={chosen} onChange={setChosen} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => props.onChoose(inCatalogueOrder(chosen) as Privileges)}
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

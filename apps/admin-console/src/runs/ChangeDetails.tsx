import type { PlannedUserChange } from '../api/types';
import { formatValue } from '../ui/format';
import { PRIVILEGE_LABELS } from '../ui/privileges';

/** What one line of the plan does to its user, in words. */
export function ChangeDetails({ change }: { change: PlannedUserChange }) {
  switch (change.action) {
    case 'create':
      return (
        <span>
          <span className="mono">{change.directoryUser?.dn}</span>
          {change.directoryUser?.emailAddresses.length
            ? ` · ${change.directoryUser.emailAddresses.join(', ')}`
            : ''}
          {change.privileges?.length
            ? ` · ${change.privileges.map((p) => PRIVILEGE_LABELS[p]).join(', ')}`
            : ''}
        </span>
      );
    case 'update':
    case 'rename':
      return (
        <ul className="field-changes">
          {(change.fieldChanges ?? []).map((fieldChange) => (
            <li key={fieldChange.field}>
              <span className="field-name">{fieldChange.field}</span>:{' '}
              <del>{formatValue(fieldChange.old)}</del> → <ins>{formatValue(fieldChange.new)}</ins>
            </li>
          ))}
        </ul>
      );
    case 'keep':
    case 'delete':
      return <span>{change.reason ?? ''}</span>;
    case 'conflict':
      return (
        <span>
          {change.reason}
          {change.parties?.length ? (
            <>
              {' '}
              — between <strong>{change.parties.join(' and ')}</strong>
            </>
          ) : null}
        </span>
      );
  }
}

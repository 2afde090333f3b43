import type { StoredUser, UserDetails as UserDetailsView } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatTime } from '../ui/format';
import { Section } from '../ui/Section';
import { ArchiveFolderFact } from './ArchiveFolderFact';
import { PrivilegesForm } from './PrivilegesForm';
import { useUserDetails } from './use-users';

/**
 * One user: the row from the list at once, then the details only the user's
 * own answer has (the archive folder), and its privileges to change.
 */
export function UserDetails(props: {
  user: StoredUser;
  reloadKey: string;
  onTestAuthentication: () => void;
  onDelete: () => void;
  onPrivilegesSaved: (user: UserDetailsView) => void;
  deleting: boolean;
}) {
  const details = useUserDetails(props.user.id, props.reloadKey);
  const loaded = details.data?.id === props.user.id ? details.data : undefined;
  // The user's own answer, unless the row given is newer (a save's answer, before the reload).
  const user = loaded && loaded.updatedAt >= props.user.updatedAt ? loaded : props.user;
  return (
    <Section title={`User ${user.userName}`}>
      <dl className="facts">
        <dt>Full name</dt>
        <dd>{user.fullName ?? '—'}</dd>
        <dt>Authentication</dt>
        <dd>
          {user.authMethod === 'directory'
            ? 'Directory Services (synchronized)'
            : 'Local (added by hand)'}
        </dd>
        <dt>E-mail addresses</dt>
        <dd>
          {user.emailAddresses.length ? (
            <ul className="plain">
              {user.emailAddresses.map((address) => (
                <li key={address}>{address}</li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </dd>
        <dt>DN</dt>
        <dd className="mono">{user.dn ?? '—'}</dd>
        <dt>Stable id</dt>
        <dd className="mono">{user.externalId ?? '—'}</dd>
        <ArchiveFolderFact details={loaded} />
        <dt>Store id</dt>
        <dd className="mono">{user.id}</dd>
        <dt>Created</dt>
        <dd>{formatTime(user.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(user.updatedAt)}</dd>
      </dl>
      {details.error && <ErrorNotice error={details.error} title="The details could not be read" />}
      <PrivilegesForm
        key={user.id}
        userId={user.id}
        privileges={user.privileges}
        onSaved={props.onPrivilegesSaved}
      />
      <div className="actions">
        {user.authMethod === 'directory' && (
          <button type="button" className="primary" onClick={props.onTestAuthentication}>
            Test authentication…
          </button>
        )}
        {user.authMethod === 'local' && (
          <button
            type="button"
            className="danger"
            onClick={props.onDelete}
            disabled={props.deleting}
          >
            Delete local user
          </button>
        )}
      </div>
    </Section>
  );
}

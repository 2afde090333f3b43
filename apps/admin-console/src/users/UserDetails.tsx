import type { StoredUser } from '../api/types';
import { formatTime } from '../ui/format';
import { PRIVILEGE_LABELS } from '../ui/privileges';
import { Section } from '../ui/Section';

export function UserDetails(props: {
  user: StoredUser;
  onTestAuthentication: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  const { user } = props;
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
        <dt>Privileges</dt>
        <dd>{user.privileges.map((privilege) => PRIVILEGE_LABELS[privilege]).join(', ') || '—'}</dd>
        <dt>DN</dt>
        <dd className="mono">{user.dn ?? '—'}</dd>
        <dt>Stable id</dt>
        <dd className="mono">{user.externalId ?? '—'}</dd>
        <dt>Store id</dt>
        <dd className="mono">{user.id}</dd>
        <dt>Created</dt>
        <dd>{formatTime(user.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(user.updatedAt)}</dd>
      </dl>
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

import type { StoredUser } from '../api/types';

/** A page of users; a row is selected by clicking it or with the keyboard (Enter/Space on the row's button). */
export function UsersTable(props: {
  users: readonly StoredUser[];
  selectedId: string | undefined;
  onSelect: (user: StoredUser) => void;
}) {
  return (
    <table aria-label="Users" className="selectable">
      <thead>
        <tr>
          <th scope="col">User name</th>
          <th scope="col">Full name</th>
          <th scope="col">E-mail</th>
          <th scope="col">Authentication</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((user) => (
          <tr
            key={user.id}
            aria-selected={user.id === props.selectedId}
            className={user.id === props.selectedId ? 'selected' : undefined}
            onClick={() => props.onSelect(user)}
          >
            <td>
              <button
                type="button"
                className="row-select"
                aria-pressed={user.id === props.selectedId}
                onClick={() => props.onSelect(user)}
              >
                {user.userName}
              </button>
            </td>
            <td>{user.fullName ?? ''}</td>
            <td>{user.emailAddresses[0] ?? ''}</td>
            <td>
              <span className={`badge kind-${user.authMethod}`}>
                {user.authMethod === 'directory' ? 'Directory' : 'Local'}
              </span>
            </td>
          </tr>
        ))}
        {props.users.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              No user matches.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

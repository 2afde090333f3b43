import type { UserDetails } from '../api/types';
import { formatTime } from '../ui/format';

/** The user's archive folder (kept when the user is deleted), as a definition list entry. */
export function ArchiveFolderFact({ details }: { details: UserDetails | undefined }) {
  const folder = details?.archiveFolder;
  return (
    <>
      <dt>Archive folder</dt>
      <dd>
        {details === undefined ? (
          <span className="muted">Loading…</span>
        ) : folder ? (
          <>
            {folder.name}{' '}
            <span className="muted">
              (created {formatTime(folder.createdAt)}, id <span className="mono">{folder.id}</span>)
            </span>
          </>
        ) : (
          '—'
        )}
      </dd>
    </>
  );
}

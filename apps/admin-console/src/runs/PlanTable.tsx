import type { PlannedUserChange } from '../api/types';
import { ChangeDetails } from './ChangeDetails';
import { ACTION_LABELS } from './plan-actions';

/** One page of a plan's lines; busy while the server answers for another page or filter. */
export function PlanTable({
  changes,
  busy,
}: {
  changes: readonly PlannedUserChange[] | undefined;
  busy: boolean;
}) {
  return (
    <table aria-label="Planned changes" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">Action</th>
          <th scope="col">User name</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {changes?.map((change, index) => (
          <tr key={`${change.action}-${change.userName}-${index}`}>
            <td>
              <span className={`badge action-${change.action}`}>
                {ACTION_LABELS[change.action]}
              </span>
            </td>
            <td>{change.userName}</td>
            <td>
              <ChangeDetails change={change} />
            </td>
          </tr>
        ))}
        {changes === undefined && (
          <tr>
            <td colSpan={3} className="muted">
              Loading the plan…
            </td>
          </tr>
        )}
        {changes?.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No line matches.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

import { hrefOf } from '../app/use-route';
import type { SyncRunRecord } from '../api/types';
import { formatDuration, formatTime } from '../ui/format';
import { RunStateBadge } from './RunStateBadge';

export function RunsTable({ runs }: { runs: readonly SyncRunRecord[] }) {
  return (
    <table aria-label="Runs">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Run</th>
          <th scope="col">State</th>
          <th scope="col">Requested by</th>
          <th scope="col">Settings</th>
          <th scope="col">Create / update / rename / delete / conflict</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>{formatTime(run.startedAt ?? run.createdAt)}</td>
            <td>
              <a href={hrefOf('runs', run.id)}>
                {run.mode === 'sync' ? 'Synchronize now' : 'Test Settings'}
              </a>
            </td>
            <td>
              <RunStateBadge state={run.state} />
              {run.error && <span className="muted"> {run.error.code}</span>}
            </td>
            <td>{run.requestedBy}</td>
            <td>v{run.settingsVersion}</td>
            <td className="numbers">
              {run.counts
                ? `${run.counts.create} / ${run.counts.update} / ${run.counts.rename} / ${run.counts.delete} / ${run.counts.conflict}`
                : '—'}
            </td>
            <td>{formatDuration(run.startedAt, run.finishedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

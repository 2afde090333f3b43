import { formatTime } from '../ui/format';
import { Section } from '../ui/Section';
import { useSettingsVersions } from './use-settings';

/** Who saved which version when, and which fields changed (never a secret's value). */
export function VersionHistory({ reloadKey }: { reloadKey: string }) {
  const versions = useSettingsVersions(reloadKey);
  return (
    <Section title="Version history">
      {versions.data?.length === 0 && <p>No version saved yet.</p>}
      {versions.data && versions.data.length > 0 && (
        <table aria-label="Settings versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">When</th>
              <th scope="col">Changed fields</th>
            </tr>
          </thead>
          <tbody>
            {versions.data.map((version) => (
              <tr key={version.version}>
                <td>{version.version}</td>
                <td>{version.savedBy}</td>
                <td>{formatTime(version.savedAt)}</td>
                <td className="mono">{version.changedFields.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

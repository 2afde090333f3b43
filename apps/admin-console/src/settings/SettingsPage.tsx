import { useEffect, useState } from 'react';
import type { DirectorySettings } from '../api/types';
import { useSavedSettings } from '../dashboard/use-dashboard';
import { RunPanel } from '../runs/RunPanel';
import { ErrorNotice } from '../ui/ErrorNotice';
import { WarningList } from '../ui/WarningList';
import { AuthenticationSection } from './AuthenticationSection';
import { BLANK_SETTINGS } from './blank-settings';
import { ConnectionSection } from './ConnectionSection';
import { GroupSection } from './GroupSection';
import { OptionsSection } from './OptionsSection';
import { PresetPicker } from './PresetPicker';
import {
  FORM_FIELDS,
  fromView,
  problemsByField,
  toBody,
  warningsByField,
  withoutSecrets,
} from './settings-form';
import { UserSection } from './UserSection';
import { useSaveSettings, useSettingsCheck, useSettingsSummary } from './use-settings';
import { VersionHistory } from './VersionHistory';

/** The seed's Directory Services page: the settings in its sections, then Test Settings and Synchronize now. */
export function SettingsPage() {
  const [savedKey, setSavedKey] = useState('initial');
  const saved = useSavedSettings(`settings-${savedKey}`);
  const summary = useSettingsSummary(`summary-${savedKey}`);
  const save = useSaveSettings();
  const [form, setForm] = useState<DirectorySettings>();
  const [dirty, setDirty] = useState(false);
  const [savedNotice, setSavedNotice] = useState<string>();
  // While editing, the warnings are the server's for the form as it is (checked, not saved).
  const check = useSettingsCheck(dirty && form ? withoutSecrets(toBody(form)) : undefined);

  useEffect(() => {
    if (saved.data !== undefined && !dirty)
      setForm(saved.data ? fromView(saved.data) : structuredClone(BLANK_SETTINGS));
    // Only a new answer resets the form; typing must not be overwritten.
  }, [saved.data]);

  if (saved.error) return <ErrorNotice error={saved.error} />;
  if (!form) return <p className="loading">Loading…</p>;

  const problems = problemsByField(save.error);
  const savedWarnings = summary.data?.warnings ?? [];
  const shownWarnings = dirty ? (check.data?.warnings ?? savedWarnings) : savedWarnings;
  const warnings = warningsByField(shownWarnings);
  const otherProblems = [...problems].filter(([field]) => !FORM_FIELDS.has(field));
  const props = {
    value: form,
    change: (mutate: (draft: DirectorySettings) => void) => {
      const next = structuredClone(form);
      mutate(next);
      setForm(next);
      setDirty(true);
      setSavedNotice(undefined);
    },
    problemOf: (field: string) => problems.get(field),
    warningOf: (field: string) => warnings.get(field),
    secretsSet: {
      bindPassword: saved.data?.settings.connection.bindPasswordSet ?? false,
      clientSecret: saved.data?.settings.authentication.adfs?.clientSecretSet ?? false,
    },
  };

  const submit = async () => {
    const view = await save.run(toBody(form));
    if (!view) return;
    setDirty(false);
    setForm(fromView(view));
    setSavedNotice(`Saved as version ${view.version}.`);
    setSavedKey(String(view.version));
  };

  return (
    <>
      <h1>Directory Services</h1>
      <p className="muted">
        Integration: <strong>LDAP server</strong>
        {saved.data
          ? ` — version ${saved.data.version}, saved by ${saved.data.savedBy}`
          : ' — not configured yet'}
      </p>
      <PresetPicker
        onLoad={(settings) => {
          props.change((draft) => Object.assign(draft, structuredClone(settings)));
        }}
      />
      <form
        aria-label="Directory settings"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ConnectionSection {...props} />
        <UserSection {...props} />
        <GroupSection {...props} />
        <AuthenticationSection {...props} />
        <OptionsSection {...props} />
        {save.error && (
          <ErrorNotice
            error={save.error}
            title={
              problems.size > 0
                ? `The settings were not saved: ${problems.size} problem(s), shown at their fields`
                : 'The settings were not saved'
            }
          />
        )}
        {otherProblems.length > 0 && (
          <ul className="notice error">
            {otherProblems.map(([field, message]) => (
              <li key={field}>
                <code>{field}</code>: {message}
              </li>
            ))}
          </ul>
        )}
        {savedNotice && (
          <p className="notice success" role="status">
            {savedNotice}
          </p>
        )}
        <div className="actions sticky-actions">
          <button type="submit" className="primary" disabled={save.busy || !dirty}>
            {save.busy ? 'Saving…' : 'Save settings'}
          </button>
          {dirty && (
            <span className="muted">
              Unsaved changes: Test Settings and Synchronize now use the saved settings.
            </span>
          )}
        </div>
      </form>
      <WarningList
        title={dirty ? 'Warnings about the unsaved settings' : 'Warnings about these settings'}
        warnings={shownWarnings}
      />
      <RunPanel disabled={dirty || !saved.data} />
      <VersionHistory reloadKey={savedKey} />
    </>
  );
}

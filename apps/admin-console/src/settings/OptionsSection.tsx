import { useState } from 'react';
import { CheckboxField } from '../ui/CheckboxField';
import { PRIVILEGE_LABELS } from '../ui/privileges';
import { Section } from '../ui/Section';
import { TextField } from '../ui/TextField';
import { DefaultPrivilegesDialog } from './DefaultPrivilegesDialog';
import type { SectionProps } from './settings-form';

const DEFAULT_THRESHOLD = { maxCount: 500, maxPercent: 20 };

export function OptionsSection({ value, change, problemOf, warningOf }: SectionProps) {
  const options = value.options;
  const [choosing, setChoosing] = useState(false);
  const threshold = options.deletionThreshold ?? DEFAULT_THRESHOLD;
  return (
    <Section title="Options">
      <div className="form-grid">
        <CheckboxField
          label="Automatically delete users"
          checked={options.autoDeleteUsers}
          onChange={(checked) => change((draft) => void (draft.options.autoDeleteUsers = checked))}
          hint="Directory users that vanished or fell out of scope are deleted; local users never; archive folders stay"
          warning={warningOf('options.autoDeleteUsers')}
          problem={problemOf('options.autoDeleteUsers')}
        />
        <div className="field">
          <span className="label">Default privileges</span>
          <span>
            {options.defaultPrivileges.map((privilege) => PRIVILEGE_LABELS[privilege]).join(', ') ||
              'none'}
          </span>
          <button type="button" onClick={() => setChoosing(true)}>
            Default Privileges…
          </button>
          {problemOf('options.defaultPrivileges') && (
            <span className="field-problem" role="alert">
              {problemOf('options.defaultPrivileges')}
            </span>
          )}
        </div>
        <TextField
          label="Deletion threshold: at most users"
          type="number"
          value={String(threshold.maxCount)}
          onChange={(count) =>
            change(
              (draft) =>
                void (draft.options.deletionThreshold = { ...threshold, maxCount: Number(count) }),
            )
          }
          hint="A run that would delete more stops and asks for confirmation"
          problem={problemOf('options.deletionThreshold.maxCount')}
        />
        <TextField
          label="Deletion threshold: at most percent"
          type="number"
          value={String(threshold.maxPercent)}
          onChange={(percent) =>
            change(
              (draft) =>
                void (draft.options.deletionThreshold = {
                  ...threshold,
                  maxPercent: Number(percent),
                }),
            )
          }
          problem={problemOf('options.deletionThreshold.maxPercent')}
        />
        <TextField
          label="Synchronize every (minutes)"
          type="number"
          value={options.schedule?.intervalMinutes ? String(options.schedule.intervalMinutes) : ''}
          onChange={(minutes) =>
            change((draft) => {
              if (minutes === '') delete draft.options.schedule;
              else draft.options.schedule = { intervalMinutes: Number(minutes) };
            })
          }
          hint="Empty: no schedule"
          problem={problemOf('options.schedule') ?? problemOf('options.schedule.intervalMinutes')}
        />
      </div>
      {choosing && (
        <DefaultPrivilegesDialog
          chosen={options.defaultPrivileges}
          onClose={() => setChoosing(false)}
          onChoose={(privileges) => {
            change((draft) => void (draft.options.defaultPrivileges = privileges));
            setChoosing(false);
          }}
        />
      )}
    </Section>
  );
}

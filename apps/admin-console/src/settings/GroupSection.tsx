import { Section } from '../ui/Section';
import { TextField } from '../ui/TextField';
import type { SectionProps } from './settings-form';

export function GroupSection({ value, change, problemOf }: SectionProps) {
  const groups = value.groups;
  return (
    <Section title="Group Filter and Attributes">
      <div className="form-grid">
        <TextField
          label="Group filter"
          monospace
          value={groups.filter}
          onChange={(filter) => change((draft) => void (draft.groups.filter = filter))}
          hint="e.g. (objectClass=posixGroup)"
          problem={problemOf('groups.filter')}
        />
        <TextField
          label="Name"
          value={groups.nameAttribute}
          onChange={(name) => change((draft) => void (draft.groups.nameAttribute = name))}
          problem={problemOf('groups.nameAttribute')}
        />
        <TextField
          label="Description (optional)"
          value={groups.descriptionAttribute ?? ''}
          onChange={(name) => change((draft) => void (draft.groups.descriptionAttribute = name))}
          problem={problemOf('groups.descriptionAttribute')}
        />
        <TextField
          label="Members"
          value={groups.membersAttribute}
          onChange={(name) => change((draft) => void (draft.groups.membersAttribute = name))}
          hint="member (DNs) or memberUid (plain names)"
          problem={problemOf('groups.membersAttribute')}
        />
        <TextField
          label="Search Filter for Members"
          monospace
          value={groups.memberSearchFilter ?? ''}
          onChange={(filter) => change((draft) => void (draft.groups.memberSearchFilter = filter))}
          hint="Empty when members are DNs; else a filter with {member}"
          problem={problemOf('groups.memberSearchFilter')}
        />
        <TextField
          label="Group"
          value={groups.syncGroups.join(', ')}
          onChange={(names) =>
            change(
              (draft) =>
                void (draft.groups.syncGroups = names
                  .split(',')
                  .map((name) => name.trim())
                  .filter(Boolean)),
            )
          }
          hint="The group(s) whose members are synchronized, comma-separated; empty: every user the filter finds"
          problem={problemOf('groups.syncGroups')}
        />
      </div>
    </Section>
  );
}

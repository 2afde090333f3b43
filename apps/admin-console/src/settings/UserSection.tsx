import { CheckboxField } from '../ui/CheckboxField';
import { Section } from '../ui/Section';
import { TextField } from '../ui/TextField';
import type { SectionProps } from './settings-form';

export function UserSection({ value, change, problemOf, warningOf }: SectionProps) {
  const users = value.users;
  return (
    <Section title="User Filter and Attributes">
      <div className="form-grid">
        <TextField
          label="Filter (optional)"
          monospace
          value={users.filter ?? ''}
          onChange={(filter) => change((draft) => void (draft.users.filter = filter))}
          hint="e.g. (&(objectClass=posixAccount)(mail=*))"
          warning={warningOf('users.filter')}
          problem={problemOf('users.filter')}
        />
        <TextField
          label="User Name"
          value={users.userNameAttribute}
          onChange={(name) => change((draft) => void (draft.users.userNameAttribute = name))}
          hint="uid, sAMAccountName or userPrincipalName"
          problem={problemOf('users.userNameAttribute')}
        />
        <CheckboxField
          label="Local Part Only (E-mail Addresses / UPN)"
          checked={users.localPartOnly}
          onChange={(checked) => change((draft) => void (draft.users.localPartOnly = checked))}
          hint="jsmith instead of jsmith@example.com"
          problem={problemOf('users.localPartOnly')}
        />
        <TextField
          label="Full Name (optional)"
          value={users.fullNameAttribute ?? ''}
          onChange={(name) => change((draft) => void (draft.users.fullNameAttribute = name))}
          problem={problemOf('users.fullNameAttribute')}
        />
        <TextField
          label="E-mail Addresses (opt.)"
          value={users.emailAttribute ?? ''}
          onChange={(name) => change((draft) => void (draft.users.emailAttribute = name))}
          hint="mail, or proxyAddresses in Exchange environments"
          problem={problemOf('users.emailAttribute')}
        />
      </div>
    </Section>
  );
}

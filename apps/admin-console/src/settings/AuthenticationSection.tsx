import type { DirectorySettings } from '../api/types';
import { CheckboxField } from '../ui/CheckboxField';
import { Section } from '../ui/Section';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import type { SectionProps } from './settings-form';

type Method = DirectorySettings['authentication']['method'];
type Adfs = NonNullable<DirectorySettings['authentication']['adfs']>;
const METHODS: { value: Method; label: string }[] = [
  { value: 'ldap', label: 'LDAP' },
  { value: 'adfs-oidc', label: 'AD FS (OpenID Connect)' },
];
const EMPTY_ADFS: Adfs = {
  discoveryUri: '',
  clientId: '',
  redirectUri: '',
  alwaysRequireCredentials: false,
};

export function AuthenticationSection({ value, change, problemOf, secretsSet }: SectionProps) {
  const authentication = value.authentication;
  const adfs = authentication.adfs ?? EMPTY_ADFS;
  const changeAdfs = (mutate: (adfs: Adfs) => void) =>
    change((draft) => {
      draft.authentication.adfs ??= { ...EMPTY_ADFS };
      mutate(draft.authentication.adfs);
    });
  return (
    <Section title="Authentication">
      <div className="form-grid">
        <SelectField
          label="Method"
          value={authentication.method}
          options={METHODS}
          onChange={(method) => change((draft) => void (draft.authentication.method = method))}
          hint="How synchronized users sign in"
          problem={problemOf('authentication.method')}
        />
        {authentication.method === 'adfs-oidc' && (
          <>
            <TextField
              label="Discovery URI"
              type="url"
              value={adfs.discoveryUri}
              onChange={(uri) => changeAdfs((draft) => void (draft.discoveryUri = uri))}
              hint="e.g. https://adfs.example.com/adfs"
              problem={
                problemOf('authentication.adfs.discoveryUri') ?? problemOf('authentication.adfs')
              }
            />
            <TextField
              label="Client ID"
              value={adfs.clientId}
              onChange={(id) => changeAdfs((draft) => void (draft.clientId = id))}
              problem={problemOf('authentication.adfs.clientId')}
            />
            <TextField
              label="Client secret (optional)"
              type="password"
              autoComplete="new-password"
              value={adfs.clientSecret ?? ''}
              onChange={(secret) => changeAdfs((draft) => void (draft.clientSecret = secret))}
              placeholder={secretsSet.clientSecret ? '•••••••• (saved)' : ''}
              hint="Write-only, like the password"
              problem={problemOf('authentication.adfs.clientSecret')}
            />
            <TextField
              label="Redirect-URI"
              type="url"
              value={adfs.redirectUri}
              onChange={(uri) => changeAdfs((draft) => void (draft.redirectUri = uri))}
              problem={problemOf('authentication.adfs.redirectUri')}
            />
            <CheckboxField
              label="Always require credentials for login"
              checked={adfs.alwaysRequireCredentials}
              onChange={(checked) =>
                changeAdfs((draft) => void (draft.alwaysRequireCredentials = checked))
              }
              hint="Users authenticate against AD FS every time (no IMAP access with AD FS)"
            />
          </>
        )}
      </div>
    </Section>
  );
}

import type { DirectorySettings } from '../api/types';
import { CheckboxField } from '../ui/CheckboxField';
import { Section } from '../ui/Section';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import type { SectionProps } from './settings-form';

type Protocol = DirectorySettings['connection']['protocol'];
const PROTOCOLS: { value: Protocol; label: string }[] = [
  { value: 'ldap', label: 'LDAP (unencrypted, port 389)' },
  { value: 'ldap-tls', label: 'LDAP-TLS (StartTLS, port 389)' },
  { value: 'ldap-ssl', label: 'LDAP-SSL (port 636)' },
];

export function ConnectionSection({
  value,
  change,
  problemOf,
  warningOf,
  secretsSet,
}: SectionProps) {
  const connection = value.connection;
  const encrypted = connection.protocol !== 'ldap';
  return (
    <Section title="LDAP Connection">
      <div className="form-grid">
        <TextField
          label="Server Name"
          value={connection.host}
          onChange={(host) => change((draft) => void (draft.connection.host = host))}
          hint="DNS name or IP address of your LDAP server"
          problem={problemOf('connection.host')}
        />
        <SelectField
          label="Protocol"
          value={connection.protocol}
          options={PROTOCOLS}
          onChange={(protocol) => change((draft) => void (draft.connection.protocol = protocol))}
          warning={warningOf('connection.protocol')}
          problem={problemOf('connection.protocol')}
        />
        <TextField
          label="Port (optional)"
          type="number"
          value={connection.port === undefined ? '' : String(connection.port)}
          onChange={(port) =>
            change((draft) => {
              if (port === '') delete draft.connection.port;
              else draft.connection.port = Number(port);
            })
          }
          hint="Empty: the protocol's port"
          problem={problemOf('connection.port')}
        />
        <CheckboxField
          label="Accept all certificates"
          checked={connection.acceptAllCertificates}
          onChange={(checked) =>
            change((draft) => void (draft.connection.acceptAllCertificates = checked))
          }
          hint={
            encrypted
              ? 'Only for self-signed certificates you cannot add below'
              : 'Only when using LDAP-TLS or LDAP-SSL'
          }
          warning={warningOf('connection.acceptAllCertificates')}
          problem={problemOf('connection.acceptAllCertificates')}
        />
        {encrypted && (
          <TextField
            label="CA certificate (PEM, optional)"
            multiline
            monospace
            value={connection.caCertificatePem ?? ''}
            onChange={(pem) => change((draft) => void (draft.connection.caCertificatePem = pem))}
            hint="The certificate authority that signed the server's certificate"
            problem={problemOf('connection.caCertificatePem')}
          />
        )}
        <TextField
          label="Administrative DN"
          value={connection.bindDn}
          onChange={(bindDn) => change((draft) => void (draft.connection.bindDn = bindDn))}
          hint="DN or user name of a user with read access to users and groups"
          problem={problemOf('connection.bindDn')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={connection.bindPassword ?? ''}
          onChange={(password) =>
            change((draft) => void (draft.connection.bindPassword = password))
          }
          placeholder={secretsSet.bindPassword ? '•••••••• (saved)' : ''}
          hint={
            secretsSet.bindPassword
              ? 'Saved and never shown again; leave empty to keep it'
              : 'Stored encrypted; never shown again'
          }
          problem={problemOf('connection.bindPassword')}
        />
        <TextField
          label="Base DN"
          value={connection.baseDn ?? ''}
          onChange={(baseDn) => change((draft) => void (draft.connection.baseDn = baseDn))}
          hint="Empty: detected from the server (Active Directory)"
          problem={problemOf('connection.baseDn')}
        />
      </div>
    </Section>
  );
}

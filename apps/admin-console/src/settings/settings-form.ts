import type { ApiError } from '../api/api-error';
import type { DirectorySettings, SettingsView, SettingsWarning } from '../api/types';

/** What the section components share: the settings being edited and what the API said about them. */
export interface SectionProps {
  value: DirectorySettings;
  change: (mutate: (draft: DirectorySettings) => void) => void;
  problemOf: (field: string) => string | undefined;
  warningOf: (field: string) => string | undefined;
  secretsSet: { bindPassword: boolean; clientSecret: boolean };
}

/** The saved settings as an editable body; secrets stay on the server (empty = keep). */
export function fromView(view: SettingsView): DirectorySettings {
  const { bindPasswordSet: _set, ...connection } = view.settings.connection;
  const adfs = view.settings.authentication.adfs;
  const authentication: DirectorySettings['authentication'] = adfs
    ? {
        ...view.settings.authentication,
        adfs: (({ clientSecretSet: _secret, ...rest }) => rest)(adfs),
      }
    : { method: view.settings.authentication.method };
  return structuredClone({ ...view.settings, connection, authentication });
}

/** The PUT body: empty secrets are left out, so the stored ones are kept. */
export function toBody(form: DirectorySettings): DirectorySettings {
  const body = structuredClone(form);
  if (!body.connection.bindPassword) delete body.connection.bindPassword;
  if (body.connection.port === undefined || Number.isNaN(body.connection.port))
    delete body.connection.port;
  if (body.authentication.adfs && !body.authentication.adfs.clientSecret)
    delete body.authentication.adfs.clientSecret;
  if (body.authentication.method === 'ldap') delete body.authentication.adfs;
  for (const key of ['filter', 'fullNameAttribute', 'emailAttribute'] as const)
    if (body.users[key] === '') delete body.users[key];
  for (const key of ['descriptionAttribute', 'memberSearchFilter'] as const)
    if (body.groups[key] === '') delete body.groups[key];
  if (body.connection.baseDn === '') delete body.connection.baseDn;
  if (body.connection.caCertificatePem === '') delete body.connection.caCertificatePem;
  return body;
}

/** The API's field problems by field path (`users.filter` → "invalid LDAP filter: … at position 26"). */
export function problemsByField(error: ApiError | undefined): Map<string, string> {
  const problems = new Map<string, string>();
  for (const problem of error?.fieldProblems ?? []) {
    const field = problem.field.replace(/^body\./, '');
    problems.set(
      field,
      problems.has(field) ? `${problems.get(field)}; ${problem.message}` : problem.message,
    );
  }
  return problems;
}

/** Each warning beside the setting it is about (the server names the field). */
export function warningsByField(warnings: readonly SettingsWarning[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const warning of warnings) {
    const known = byField.get(warning.field);
    byField.set(warning.field, known ? `${known} ${warning.message}` : warning.message);
  }
  return byField;
}

/** A body to check while editing: the secrets are not sent with every change. */
export function withoutSecrets(body: DirectorySettings): DirectorySettings {
  const copy = structuredClone(body);
  delete copy.connection.bindPassword;
  if (copy.authentication.adfs) delete copy.authentication.adfs.clientSecret;
  return copy;
}

/** The fields the form shows; a problem with any other field is listed above the form. */
export const FORM_FIELDS = new Set([
  'connection.host',
  'connection.protocol',
  'connection.port',
  'connection.acceptAllCertificates',
  'connection.caCertificatePem',
  'connection.bindDn',
  'connection.bindPassword',
  'connection.baseDn',
  'users.filter',
  'users.userNameAttribute',
  'users.localPartOnly',
  'users.fullNameAttribute',
  'users.emailAttribute',
  'groups.filter',
  'groups.nameAttribute',
  'groups.descriptionAttribute',
  'groups.membersAttribute',
  'groups.memberSearchFilter',
  'groups.syncGroups',
  'authentication.method',
  'authentication.adfs.discoveryUri',
  'authentication.adfs.clientId',
  'authentication.adfs.clientSecret',
  'authentication.adfs.redirectUri',
  'options.autoDeleteUsers',
  'options.defaultPrivileges',
  'options.deletionThreshold.maxCount',
  'options.deletionThreshold.maxPercent',
  'options.schedule',
]);

import { randomBytes } from 'node:crypto';
import {
  type DirectorySettings,
  DirectorySettingsResult,
  SealedDirectorySettings,
} from '@dirsync/contracts';
import { validatePlain } from '@dirsync/service-kit';
import { openDirectorySettings, sealDirectorySettings } from './sealed-settings';
import { TransportSealer } from './transport-sealer';

const sut = TransportSealer.fromConfig(`t:${randomBytes(32).toString('base64')}`);

const settings: DirectorySettings = {
  connection: {
    host: 'ldap.example.com',
    protocol: 'ldap-tls',
    acceptAllCertificates: false,
    bindDn: 'cn=admin,dc=example,dc=com',
    bindPassword: 'Bind-Secret-1',
  },
  users: { userNameAttribute: 'uid', localPartOnly: false },
  groups: {
    filter: '(objectClass=group)',
    nameAttribute: 'cn',
    membersAttribute: 'member',
    syncGroups: [],
  },
  authentication: {
    method: 'adfs-oidc',
    adfs: {
      discoveryUri: 'https://adfs.example.com/adfs',
      clientId: 'dirsync',
      clientSecret: 'Client-Secret-2',
      redirectUri: 'https://dirsync.example.com/callback',
      alwaysRequireCredentials: false,
    },
  },
  options: { autoDeleteUsers: false, defaultPrivileges: [] },
};

describe(sealDirectorySettings.name, () => {
  it('seals both secrets for auth-gateway, none in clear, and a valid reply', () => {
    const sealed = sealDirectorySettings(settings, 'auth-gateway', sut);
    const wire = JSON.stringify(sealed);
    expect(wire).not.toContain('Bind-Secret-1');
    expect(wire).not.toContain('Client-Secret-2');
    expect(sealed.connection).not.toHaveProperty('bindPassword');
    expect(sealed.authentication.adfs).not.toHaveProperty('clientSecret');
    expect(
      validatePlain(DirectorySettingsResult, { settings: JSON.parse(wire), version: 3 }).problems,
    ).toEqual([]);
    expect(openDirectorySettings(JSON.parse(wire) as SealedDirectorySettings, sut)).toEqual(
      settings,
    );
  });

  it('gives directory-reader the bind password but no AD FS client secret', () => {
    const sealed = sealDirectorySettings(settings, 'directory-reader', sut);
    expect(sealed.authentication.adfs).not.toHaveProperty('clientSecretSealed');
    const opened = openDirectorySettings(sealed, sut);
    expect(opened.connection.bindPassword).toBe('Bind-Secret-1');
    expect(opened.authentication.adfs).not.toHaveProperty('clientSecret');
  });

  it('keeps absent secrets absent', () => {
    const { bindPassword: _, ...connection } = settings.connection;
    const none = { ...settings, connection, authentication: { method: 'ldap' as const } };
    const sealed = sealDirectorySettings(none, 'auth-gateway', sut);
    expect(sealed.connection).not.toHaveProperty('bindPasswordSealed');
    expect(openDirectorySettings(sealed, sut)).toEqual(none);
  });

  it('refuses a plaintext password in a reply (the contract has no such field)', () => {
    const sealed = sealDirectorySettings(settings, 'auth-gateway', sut);
    const leaky = {
      ...sealed,
      connection: { ...sealed.connection, bindPassword: 'Bind-Secret-1' },
    };
    expect(
      validatePlain(DirectorySettingsResult, { settings: leaky, version: 3 }).problems,
    ).toEqual([
      {
        field: 'settings.connection.bindPassword',
        message: 'property bindPassword should not exist',
      },
    ]);
  });

  it('refuses to open a client secret sealed as the bind password', () => {
    const sealed = sealDirectorySettings(settings, 'auth-gateway', sut);
    const swapped = {
      ...sealed,
      connection: {
        ...sealed.connection,
        bindPasswordSealed: sealed.authentication.adfs?.clientSecretSealed,
      },
    };
    expect(() => openDirectorySettings(swapped, sut)).toThrow(
      /connection.bindPassword: the sealed value was altered/,
    );
  });
});

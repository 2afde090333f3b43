import { Client } from 'ldapts';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { LdapConnection } from './ldap-connection';
import { ldapEndpoint, tlsOptions } from './ldap-endpoint';
import { toLdapError } from './ldap-errors';
import { useLeanEntryDecoding } from '../wire/lean-entry-decoding';

export interface OpenLdapClientOptions {
  /** Told when certificate verification is off (accept all certificates). */
  logger?: { warn(message: string): void };
}

/**
 * The client-side timeout of each operation is the configured one plus this
 * grace, so the server's own time limit (sent with every search) answers
 * first, with a clear "time limit exceeded", before the socket is cut.
 */
const CLIENT_TIMEOUT_GRACE_MS = 2_000;

/**
 * Connects to the directory described by the settings: plain LDAP, StartTLS
 * (`ldap-tls`, upgraded before anything else is sent) or LDAPS. Certificates
 * are verified against the platform's CAs plus the configured CA unless the
 * admin chose to accept all of them. The returned connection is not bound
 * yet; close it in a `finally` (it is AsyncDisposable).
 */
export async function openLdapClient(
  settings: LdapConnectionSettings,
  options: OpenLdapClientOptions = {},
): Promise<LdapConnection> {
  const endpoint = ldapEndpoint(settings);
  if (endpoint.acceptAllCertificates) {
    options.logger?.warn(
      `certificate verification is off for ${endpoint.host}:${endpoint.port} (accept all certificates): the connection is encrypted but the server is not authenticated`,
    );
  }
  const tls = endpoint.protocol === 'ldap' ? undefined : tlsOptions(settings);
  const client = new Client({
    url: endpoint.url,
    connectTimeout: endpoint.connectTimeoutMs,
    timeout: endpoint.operationTimeoutMs + CLIENT_TIMEOUT_GRACE_MS,
    // Only for ldaps://: given with an ldap:// URL, ldapts would start TLS on
    // the first byte instead of StartTLS (and fail with ECONNRESET).
    ...(endpoint.protocol === 'ldap-ssl' ? { tlsOptions: tls } : {}),
  });
  if (!useLeanEntryDecoding(client)) {
    options.logger?.warn(
      'this ldapts version cannot take the lean entry decoder: large directories are read more slowly',
    );
  }
  const connection = new LdapConnection(client, endpoint);
  if (endpoint.protocol === 'ldap-tls') {
    try {
      await client.startTLS(tls);
    } catch (error) {
      await connection.close();
      throw toLdapError(error, { host: endpoint.host, port: endpoint.port, operation: 'starttls' });
    }
  }
  return connection;
}

/** Opens and binds with the settings' administrative DN (or user name) and password. */
export async function openBoundLdapClient(
  settings: LdapConnectionSettings,
  options: OpenLdapClientOptions = {},
): Promise<LdapConnection> {
  const connection = await openLdapClient(settings, options);
  try {
    await connection.bind(settings.bindDn, settings.bindPassword);
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

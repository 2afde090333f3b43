import { isIP } from 'node:net';
import { getCACertificates, type ConnectionOptions } from 'node:tls';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  DEFAULT_PORTS,
  type LdapConnectionSettings,
  type LdapProtocol,
} from '@dirsync/contracts';

/** Where and how to connect, with every default of the settings filled in. */
export interface LdapEndpoint {
  protocol: LdapProtocol;
  host: string;
  port: number;
  /** ldap:// for `ldap` and `ldap-tls` (StartTLS upgrades it), ldaps:// for `ldap-ssl`. */
  url: string;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
  acceptAllCertificates: boolean;
}

export function ldapEndpoint(settings: LdapConnectionSettings): LdapEndpoint {
  const port = settings.port ?? DEFAULT_PORTS[settings.protocol];
  const scheme = settings.protocol === 'ldap-ssl' ? 'ldaps' : 'ldap';
  // An IPv6 literal needs brackets in a URL.
  const hostInUrl = isIP(settings.host) === 6 ? `[${settings.host}]` : settings.host;
  return {
    protocol: settings.protocol,
    host: settings.host,
    port,
    url: `${scheme}://${hostInUrl}:${port}`,
    connectTimeoutMs: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    operationTimeoutMs: settings.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    acceptAllCertificates: settings.protocol !== 'ldap' && settings.acceptAllCertificates,
  };
}

let defaultCas: string[] | undefined;

/**
 * TLS options for LDAPS or StartTLS: the platform's trusted CAs plus the one
 * configured (setting `ca` replaces the defaults, so both are listed), the
 * host for the name check (StartTLS reuses a socket and would otherwise check
 * against "localhost"), SNI only for names (RFC 6066 forbids IP addresses).
 */
export function tlsOptions(settings: LdapConnectionSettings): ConnectionOptions {
  defaultCas ??= getCACertificates('default');
  const pem = settings.caCertificatePem?.trim();
  return {
    ca: pem ? [...defaultCas, pem] : defaultCas,
    rejectUnauthorized: !settings.acceptAllCertificates,
    host: settings.host,
    ...(isIP(settings.host) === 0 ? { servername: settings.host } : {}),
  };
}

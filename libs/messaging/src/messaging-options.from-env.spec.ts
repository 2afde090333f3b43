import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseServiceEnv, loadEnv } from '@dirsync/service-kit';
import { amqpSocketOptions, nestRmqSocketOptions } from './amqp-socket-options';
import { messagingOptionsFromEnv } from './messaging-options.from-env';

/** A self-signed CA (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256). */
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIULi9hxIFElgf3LTGMbXchTW9kaN8wCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSZGlyc3luYyB1bml0IHRlc3RzMB4XDTI2MTEzMDAwMDYwM1oX
DTM2MTEyNzAwMDYwM1owHTEbMBkGA1UEAwwSZGlyc3luYyB1bml0IHRlc3RzMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5K0sYnkKWdsjkjc9oAmpI3eTw+TWqYiH
8ecPAQdxtfz6gXhH9QgqV+qJtJA395izZBdmccKP5Odyk0whaB9snqNTMFEwHQYD
VR0OBBYEFFU9uFdp8PZ0r890MhiUHEpU/CtGMB8GA1UdIwQYMBaAFFU9uFdp8PZ0
r890MhiUHEpU/CtGMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
NXzx9mERWE96cGFXVRMc1UOPehFYhJ/dLJNLF0vNGIoCIQCRGqMXlzJh2kX+Bbet
vye2iQ8jByq8sEJaqybXNMLKnA==
-----END CERTIFICATE-----
`;

describe(messagingOptionsFromEnv.name, () => {
  let dir: string;
  let caFile: string;
  const amqps = 'amqps://u:p@broker.example.com:5671';
  const options = (env: Record<string, string>) =>
    messagingOptionsFromEnv(loadEnv(BaseServiceEnv, env), 'config-api');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amqp-ca-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, CA_PEM);
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands the CA and the server name to amqplib and to Nest, with noDelay kept on', () => {
    const sut = options({
      AMQP_URL: amqps,
      AMQP_CA_FILE: caFile,
      AMQP_TLS_SERVERNAME: 'rabbit.internal',
    });
    expect(sut.tls?.ca?.toString('utf8')).toBe(CA_PEM);
    const socket = {
      noDelay: true,
      timeout: 10_000,
      ca: [Buffer.from(CA_PEM)],
      servername: 'rabbit.internal',
    };
    expect(amqpSocketOptions(sut)).toEqual(socket);
    expect(nestRmqSocketOptions(sut)).toEqual({ connectionOptions: socket });
  });

  it('leaves the system CAs and the URL host in charge without them', () => {
    const sut = options({ AMQP_URL: amqps });
    expect(sut.tls).toBeUndefined();
    expect(amqpSocketOptions(sut)).toEqual({ noDelay: true, timeout: 10_000 });
  });

  it.each<[string, () => Record<string, string>, string]>([
    [
      'amqp:// with a CA file',
      () => ({ AMQP_URL: 'amqp://u:p@h:5672', AMQP_CA_FILE: caFile }),
      'AMQP_CA_FILE is only used with an amqps:// AMQP_URL',
    ],
    [
      'a missing file',
      () => ({ AMQP_URL: amqps, AMQP_CA_FILE: join(dir, 'missing.pem') }),
      'AMQP_CA_FILE cannot be read (ENOENT',
    ],
    [
      'a file without a certificate',
      () => ({ AMQP_URL: amqps, AMQP_CA_FILE: join(dir, 'not-a-cert.pem') }),
      'not-a-cert.pem holds no PEM certificate',
    ],
  ])('refuses at start-up %s, naming AMQP_CA_FILE', (_, env, message) => {
    expect(() => options(env())).toThrow(message);
  });

  it('refuses a server name that is not a DNS name', () => {
    expect(() => options({ AMQP_URL: amqps, AMQP_TLS_SERVERNAME: 'a b' })).toThrow(
      'AMQP_TLS_SERVERNAME must be a DNS name',
    );
  });
});

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import { buildServerCertificate } from '../../provider/transport/tls';
import type { ServerKeyPair } from '../../provider/transport/server-key';

function ecdsaKey(): ServerKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeySpkiDer: publicKey };
}

describe('GIVEN the AutoMTLS server certificate built for a key at a fixed time', () => {
  const key = ecdsaKey();
  const now = new Date('2026-11-30T09:00:00Z');
  const built = buildServerCertificate(key, now);
  const cert = new X509Certificate(built.certPem);

  test('WHEN parsed by node:crypto THEN the PEM and the DER are the same certificate', () => {
    expect(new X509Certificate(built.certDer).fingerprint256).toBe(cert.fingerprint256);
    expect(built.keyPem).toBe(key.privateKeyPem);
  });

  test('WHEN verified with its own public key THEN the self-signature holds and the key is the given one', () => {
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(key.publicKeySpkiDer);
    expect(cert.checkIssued(cert)).toBe(true);
  });

  test('WHEN reading the names THEN it is CN=localhost with the DNS and IP SANs Go verifies', () => {
    expect(cert.subject).toBe('CN=localhost\nO=terraform-provider-apono');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  test('WHEN reading the usages THEN it is a CA for server and client auth', () => {
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(cert.toLegacyObject().ext_key_usage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  test('WHEN reading the validity THEN it starts 30 s before now and lasts ten years', () => {
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-11-30T08:59:30.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2036-11-27T09:00:00.000Z');
  });

  test('WHEN two certificates are built THEN their serial numbers differ and are positive', () => {
    const other = new X509Certificate(buildServerCertificate(key, now).certPem);
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });
});

describe('GIVEN the built transport TLS module', () => {
  test('WHEN loaded THEN no ASN.1/X.509 library is loaded with it (node-forge stays out of a launch)', () => {
    const tls = path.resolve(__dirname, '..', '..', 'dist', 'provider', 'transport', 'tls.js');
    const script = `require(${JSON.stringify(tls)}); console.log(Object.keys(require.cache).join('\\n'))`;
    const loaded = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split('\n');
    expect(loaded.some((file) => file.includes(`${path.sep}tls.js`))).toBe(true);
    expect(loaded.filter((file) => file.includes('node-forge'))).toEqual([]);
  });
});

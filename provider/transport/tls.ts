/**
 * go-plugin AutoMTLS: a fresh self-signed server certificate per launch (its DER travels in the
 * handshake line) and a server that requires the client certificate Terraform passed in
 * PLUGIN_CLIENT_CERT.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import forge from 'node-forge';

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** DER bytes of the certificate, for the handshake line. */
  readonly certDer: Buffer;
}

/** Go's verifier wants a clock-skew margin: the certificate is valid from 30 s ago. */
const BACKDATE_MS = 30_000;
const VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

/** A positive, minimally encoded 128-bit serial number (hex). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/**
 * A self-signed CA certificate for localhost: SAN DNS localhost (+ IP 127.0.0.1), CA flag, key
 * usages digitalSignature/keyEncipherment/certSign, ext key usages serverAuth/clientAuth. The
 * RSA-2048 key comes from node:crypto (native, fast); forge only builds and signs the certificate.
 */
export function generateServerCertificate(now: Date = new Date()): ServerCertificate {
  const { privateKey: keyPem, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + VALIDITY_MS);
  const subject = [
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: 'terraform-provider-apono' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { certPem: forge.pki.certificateToPem(cert), keyPem, certDer: Buffer.from(der, 'binary') };
}

/** Server credentials: mutual TLS trusting only `clientCertPem` (required and verified). */
export function mutualTlsCredentials(
  server: ServerCertificate,
  clientCertPem: string,
): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(
    Buffer.from(clientCertPem),
    [{ private_key: Buffer.from(server.keyPem), cert_chain: Buffer.from(server.certPem) }],
    true,
  );
}

export interface TransportSecurity {
  readonly credentials: grpc.ServerCredentials;
  /** Present when serving TLS: goes into the handshake line. */
  readonly certificate?: ServerCertificate;
}

/** AutoMTLS when Terraform passed PLUGIN_CLIENT_CERT, plaintext otherwise (TF_DISABLE_PLUGIN_TLS, reattach). */
export function transportSecurity(env: NodeJS.ProcessEnv): TransportSecurity {
  const clientCertPem = env['PLUGIN_CLIENT_CERT'];
  if (clientCertPem === undefined || clientCertPem.trim() === '') {
    return { credentials: grpc.ServerCredentials.createInsecure() };
  }
  const certificate = generateServerCertificate();
  return { credentials: mutualTlsCredentials(certificate, clientCertPem), certificate };
}

/**
 * go-plugin AutoMTLS: a fresh self-signed server certificate per launch (its DER travels in the
 * handshake line) and a server that requires the client certificate Terraform passed in
 * PLUGIN_CLIENT_CERT.
 */
import { randomBytes, sign } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import forge from 'node-forge';
import { serverKeyPair, type ServerKeyPair } from './server-key';

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
 * RSA-2048 key and the signature come from node:crypto (native: ~70 ms faster than forge's
 * JavaScript RSA); forge only lays out the certificate's DER.
 */
export function buildServerCertificate(key: ServerKeyPair, now: Date = new Date()): ServerCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicKeyPem);
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
  // What forge's cert.sign() does, with the RSA signature computed natively.
  cert.siginfo.algorithmOid = forge.pki.oids['sha256WithRSAEncryption']!;
  cert.signatureOid = cert.siginfo.algorithmOid;
  const tbs = Buffer.from(forge.asn1.toDer(forgeTbs.getTBSCertificate(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, key.privateKeyPem).toString('binary');
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: key.privateKeyPem,
    certDer: Buffer.from(der, 'binary'),
  };
}

/** forge exports getTBSCertificate, but its type declarations omit it. */
const forgeTbs = forge.pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/** A fresh server certificate with its own RSA-2048 key. */
export async function generateServerCertificate(now: Date = new Date()): Promise<ServerCertificate> {
  return buildServerCertificate(await serverKeyPair(), now);
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
export async function transportSecurity(env: NodeJS.ProcessEnv): Promise<TransportSecurity> {
  const clientCertPem = env['PLUGIN_CLIENT_CERT'];
  if (clientCertPem === undefined || clientCertPem.trim() === '') {
    return { credentials: grpc.ServerCredentials.createInsecure() };
  }
  const certificate = await generateServerCertificate();
  return { credentials: mutualTlsCredentials(certificate, clientCertPem), certificate };
}

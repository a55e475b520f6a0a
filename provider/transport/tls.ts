/**
 * go-plugin AutoMTLS: a fresh self-signed server certificate per launch (its DER travels in the
 * handshake line) and a server that requires the client certificate Terraform passed in
 * PLUGIN_CLIENT_CERT.
 */
import { randomBytes, sign, X509Certificate } from 'node:crypto';
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

const asn1 = forge.asn1;
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** forge exports getTBSCertificate, but its type declarations omit it. */
const forgeTbs = forge.pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/**
 * forge lays out only RSA public keys; the certificate is built around this stand-in and its
 * SubjectPublicKeyInfo is then replaced by the real (EC) one, before anything is signed.
 */
const STAND_IN_RSA_KEY = forge.pki.setRsaPublicKey(
  new forge.jsbn.BigInteger('3'),
  new forge.jsbn.BigInteger('65537'),
);

/** AlgorithmIdentifier of ecdsa-with-SHA256: the OID alone, parameters absent (RFC 5758 §3.2). */
function ecdsaWithSha256(): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(ECDSA_WITH_SHA256).getBytes()),
  ]);
}

/**
 * A self-signed CA certificate for localhost: SAN DNS localhost (+ IP 127.0.0.1), CA flag, key
 * usages digitalSignature/keyEncipherment/certSign, ext key usages serverAuth/clientAuth, an ECDSA
 * P-256 key, signed with ECDSA-SHA256 by node:crypto. forge only lays out the DER.
 */
export function buildServerCertificate(key: ServerKeyPair, now: Date = new Date()): ServerCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = STAND_IN_RSA_KEY;
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
  cert.siginfo.algorithmOid = ECDSA_WITH_SHA256;
  // TBSCertificate fields: version, serial, signature, issuer, validity, subject, SPKI, extensions.
  const tbs = forgeTbs.getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[2] = ecdsaWithSha256();
  fields[6] = asn1.fromDer(forge.util.createBuffer(key.publicKeySpkiDer.toString('binary')));
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, key.privateKeyPem); // DER ECDSA-Sig-Value
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    ecdsaWithSha256(),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\0${signature.toString('binary')}`),
  ]);
  const certDer = Buffer.from(asn1.toDer(certificate).getBytes(), 'binary');
  const base64 = certDer.toString('base64').replace(/.{64}/g, '$&\n');
  const certPem = `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: key.privateKeyPem, certDer };
}

/** A fresh server certificate with the process's ECDSA P-256 key. */
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

/**
 * Why `pem` is not a PEM certificate (OpenSSL's reason without its error code), or null when it is.
 * grpc-js accepts any bytes as the trusted root and then refuses every client, so this is checked first.
 */
export function pemCertificateProblem(pem: string): string | null {
  try {
    new X509Certificate(pem);
    return null;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^error:[0-9A-Fa-f]+:/, '');
  }
}

/**
 * AutoMTLS when Terraform passed PLUGIN_CLIENT_CERT, plaintext otherwise (TF_DISABLE_PLUGIN_TLS,
 * reattach). Throws when PLUGIN_CLIENT_CERT is set but is not a PEM certificate.
 */
export async function transportSecurity(env: NodeJS.ProcessEnv): Promise<TransportSecurity> {
  const clientCertPem = env['PLUGIN_CLIENT_CERT'];
  if (clientCertPem === undefined || clientCertPem.trim() === '') {
    return { credentials: grpc.ServerCredentials.createInsecure() };
  }
  const problem = pemCertificateProblem(clientCertPem);
  if (problem !== null) throw new Error(`PLUGIN_CLIENT_CERT is not a PEM certificate: ${problem}`);
  const certificate = await generateServerCertificate();
  return { credentials: mutualTlsCredentials(certificate, clientCertPem), certificate };
}

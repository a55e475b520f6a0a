/**
 * go-plugin AutoMTLS: a fresh self-signed server certificate per launch (its DER travels in the
 * handshake line) and a server that requires the client certificate Terraform passed in
 * PLUGIN_CLIENT_CERT.
 */
import { randomBytes, sign, X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicit,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUnsignedInteger,
  derPrintableString,
} from './der';
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

/** A positive, minimally encoded 128-bit serial number. */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** AlgorithmIdentifier of ecdsa-with-SHA256: the OID alone, parameters absent (RFC 5758 §3.2). */
const ecdsaWithSha256 = (): Buffer => derSequence(derOid(OID.ecdsaWithSha256));

/** The subject and issuer: CN=localhost, O=terraform-provider-apono. */
const localhostName = (): Buffer =>
  derSequence(
    derSet(derSequence(derOid(OID.commonName), derPrintableString('localhost'))),
    derSet(derSequence(derOid(OID.organizationName), derPrintableString('terraform-provider-apono'))),
  );

/** One Extension: id, the critical flag when set, and the value's DER in an OCTET STRING. */
const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));

/**
 * KeyUsage bits digitalSignature (0), keyEncipherment (2) and keyCertSign (5): 1010 0100, the two
 * trailing zero bits unused (DER drops trailing zeros of a named bit list).
 */
const KEY_USAGE = derBitString(Buffer.from([0xa4]), 2);

/**
 * A self-signed CA certificate for localhost: SAN DNS localhost (+ IP 127.0.0.1), CA flag, key
 * usages digitalSignature/keyEncipherment/certSign, ext key usages serverAuth/clientAuth, an ECDSA
 * P-256 key, signed with ECDSA-SHA256 by node:crypto; the DER layout is written by ./der.
 */
export function buildServerCertificate(key: ServerKeyPair, now: Date = new Date()): ServerCertificate {
  const validity = derSequence(
    derTime(new Date(now.getTime() - BACKDATE_MS)),
    derTime(new Date(now.getTime() + VALIDITY_MS)),
  );
  const extensions = derSequence(
    extension(OID.basicConstraints, true, derSequence(derBoolean(true))),
    extension(OID.keyUsage, true, KEY_USAGE),
    extension(OID.extKeyUsage, false, derSequence(derOid(OID.serverAuth), derOid(OID.clientAuth))),
    extension(
      OID.subjectAltName,
      false,
      derSequence(
        derImplicit(2, Buffer.from('localhost', 'ascii')),
        derImplicit(7, Buffer.from([127, 0, 0, 1])),
      ),
    ),
  );
  // TBSCertificate: version (v3 = 2), serial, signature, issuer, validity, subject, SPKI, extensions.
  const tbsDer = derSequence(
    derExplicit(0, derUnsignedInteger(Buffer.from([2]))),
    derUnsignedInteger(serialNumber()),
    ecdsaWithSha256(),
    localhostName(),
    validity,
    localhostName(),
    key.publicKeySpkiDer,
    derExplicit(3, extensions),
  );
  const signature = sign('sha256', tbsDer, key.privateKeyPem); // DER ECDSA-Sig-Value
  const certDer = derSequence(tbsDer, ecdsaWithSha256(), derBitString(signature));
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

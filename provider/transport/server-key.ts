/**
 * The key of the AutoMTLS server certificate: ECDSA P-256 (as go-plugin's own AutoMTLS uses ECDSA),
 * generated off the main thread in well under a millisecond; an RSA-2048 key cost ~120 ms of every
 * launch. The plugin's entry point starts it before loading anything else. Only node:crypto is
 * loaded here.
 */
import { generateKeyPair } from 'node:crypto';

export interface ServerKeyPair {
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKeySpkiDer: Buffer;
}

let pending: Promise<ServerKeyPair> | null = null;

/** Starts generating the key if nobody has, and returns it; each process uses one key. */
export function serverKeyPair(): Promise<ServerKeyPair> {
  pending ??= new Promise((resolve, reject) => {
    generateKeyPair(
      'ec',
      {
        namedCurve: 'P-256',
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKeySpkiDer, privateKeyPem) =>
        error ? reject(error) : resolve({ privateKeyPem, publicKeySpkiDer }),
    );
  });
  return pending;
}

/** Starts key generation early when Terraform asked for AutoMTLS; a no-op otherwise. */
export function prewarmServerKey(env: NodeJS.ProcessEnv = process.env): void {
  if (env['PLUGIN_CLIENT_CERT'] && env['TF_PLUGIN_MAGIC_COOKIE']) void serverKeyPair().catch(() => undefined);
}

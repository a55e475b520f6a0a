/**
 * The RSA key of the AutoMTLS server certificate, generated off the main thread. The plugin's entry
 * point starts it before loading grpc-js and the rest (bin/terraform-provider-apono), so the ~120 ms
 * of key generation overlap module loading instead of adding to it. Only node:crypto is loaded here.
 */
import { generateKeyPair } from 'node:crypto';

export interface ServerKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

let pending: Promise<ServerKeyPair> | null = null;

/** Starts generating the key if nobody has, and returns it; each process uses one key. */
export function serverKeyPair(): Promise<ServerKeyPair> {
  pending ??= new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKeyPem, privateKeyPem) =>
        error ? reject(error) : resolve({ privateKeyPem, publicKeyPem }),
    );
  });
  return pending;
}

/** Starts key generation early when Terraform asked for AutoMTLS; a no-op otherwise. */
export function prewarmServerKey(env: NodeJS.ProcessEnv = process.env): void {
  if (env['PLUGIN_CLIENT_CERT'] && env['TF_PLUGIN_MAGIC_COOKIE']) void serverKeyPair().catch(() => undefined);
}

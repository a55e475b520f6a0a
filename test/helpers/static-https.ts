/**
 * A static file server over HTTPS on 127.0.0.1 (port 0) for tests that host a provider registry or
 * mirror: its self-signed certificate is written to a PEM file that Terraform trusts through
 * SSL_CERT_FILE, and its URLs name `localhost`, the certificate's host.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { generateServerCertificate } from '../../provider/transport/tls';

/** A running static HTTPS server. */
export interface StaticHttpsServer {
  /** `https://localhost:<port>`: the URL of the served folder's root. */
  readonly origin: string;
  /** The PEM file of the server's certificate, for SSL_CERT_FILE. */
  readonly certFile: string;
  /** Stops the server (resolves once it is closed). */
  close(): Promise<void>;
}

/** The file under `root` that the URL path `urlPath` names, or undefined when it climbs out. */
export function servedFile(root: string, urlPath: string): string | undefined {
  const file = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/** Serves the files under `root` (404 for anything else); the certificate is written to `certFile`. */
export async function serveStaticHttps(root: string, certFile: string): Promise<StaticHttpsServer> {
  const base = path.resolve(root);
  const certificate = await generateServerCertificate();
  writeFileSync(certFile, certificate.certPem);
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (request, response) => {
    const file = servedFile(base, new URL(request.url ?? '/', 'https://localhost').pathname);
    try {
      if (file === undefined) throw new Error('outside the served folder');
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': file.endsWith('.zip') ? 'application/zip' : 'application/json',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    certFile,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

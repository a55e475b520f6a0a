/** The go-plugin handshake: magic cookie, protocol negotiation and the line Terraform reads on stdout. */

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** go-plugin's own handshake version (the first field of the line). */
export const CORE_PROTOCOL_VERSION = 1;
/** The only Terraform plugin protocol this provider speaks. */
export const APP_PROTOCOL_VERSION = 6;

export const NOT_A_PLUGIN_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will load any plugins automatically.\n';

/** True when the process was started by Terraform (the magic cookie is set and matches). */
export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * The protocol version to speak, from PLUGIN_PROTOCOL_VERSIONS ("5,6" in any order): 6 when offered
 * or when the variable is absent (go-plugin then assumes the plugin's version), null otherwise.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): number | null {
  const offered = env['PLUGIN_PROTOCOL_VERSIONS'];
  if (offered === undefined || offered.trim() === '') return APP_PROTOCOL_VERSION;
  const versions = offered.split(',').map((version) => Number.parseInt(version.trim(), 10));
  return versions.includes(APP_PROTOCOL_VERSION) ? APP_PROTOCOL_VERSION : null;
}

/** Standard base64 without '=' padding, as Go's base64.RawStdEncoding writes it. */
export function rawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/**
 * The handshake line (without newline): `1|6|tcp|127.0.0.1:PORT|grpc` plus `|<server cert DER>`
 * when serving TLS.
 */
export function handshakeLine(host: string, port: number, serverCertDer?: Uint8Array): string {
  const fields = [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, 'tcp', `${host}:${port}`, 'grpc'].map(String);
  if (serverCertDer !== undefined) fields.push(rawBase64(serverCertDer));
  return fields.join('|');
}

/**
 * A throwaway GPG signing key for tests that sign a release (the static registry's SHA256SUMS), in a
 * GNUPGHOME of their own so the machine's keyring is never touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Creates `gnupgHome` (mode 0700) holding a new passphrase-less RSA signing key for `uid`. */
export function createSigningKey(gnupgHome: string, uid: string): void {
  mkdirSync(gnupgHome, { recursive: true, mode: 0o700 });
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', uid, 'rsa2048', 'sign', 'never'], {
    env: { ...process.env, GNUPGHOME: gnupgHome },
    stdio: 'ignore',
  });
}

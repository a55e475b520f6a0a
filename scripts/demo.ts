/**
 * `npm run demo`: the main job on the embedded default. Starts apono-sandbox on a free port with a
 * temp data dir, installs the built provider into a temp filesystem mirror, then runs
 * `terraform init`, `plan`, `apply -auto-approve` and a second `plan` on examples/basic, exactly as
 * a CI pipeline would, and stops the sandbox. It prints the URL of the sandbox's Identities page
 * (and the token to enter there); on a terminal it keeps the sandbox running until Enter or Ctrl-C,
 * so the page can be looked at after the apply.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { packageInfo } from '../provider/client/package-info';
import { installProvider } from '../provider/install';
import { REFRESH_INTERVAL_MS } from '../sandbox/page/identities-document';

const READY = /^apono-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/;

function startSandbox(
  root: string,
  dataDir: string,
  token: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'apono-sandbox'), '--port', '0', '--token', token, '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('apono-sandbox did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`apono-sandbox exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = READY.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
  });
}

function terraform(command: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  // Colours only on a terminal: CI logs stay readable.
  const args = process.stdout.isTTY ? command : [...command, '-no-color'];
  process.stdout.write(`\n$ terraform ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** The line that tells where the Identities page is and which token to enter there. */
function identitiesPageLine(sandboxUrl: string, token: string): string {
  const seconds = REFRESH_INTERVAL_MS / 1000;
  return `Identities page: ${sandboxUrl}/ (enter the token ${token}; it refreshes every ${seconds} s)`;
}

/** Resolves when the user presses Enter or Ctrl-C, so the demo can still clean up after itself. */
function untilEnterOrInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const input = createInterface({ input: process.stdin });
    const done = (): void => {
      input.close();
      process.off('SIGINT', done);
      resolve();
    };
    input.once('line', done);
    process.once('SIGINT', done);
  });
}

async function main(): Promise<number> {
  const { root } = packageInfo();
  const work = mkdtempSync(path.join(tmpdir(), 'apono-demo-'));
  const token = 'demo-token';
  const sandbox = await startSandbox(root, path.join(work, 'data'), token);
  try {
    const mirror = path.join(work, 'plugins');
    installProvider(mirror);
    const cliConfig = path.join(work, 'terraform.rc');
    writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["terraform.local/*/*"]\n  }\n  direct {\n    exclude = ["terraform.local/*/*"]\n  }\n}\n`,
    );
    const example = path.join(work, 'basic');
    cpSync(path.join(root, 'examples', 'basic'), example, { recursive: true });
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      APONO_ENDPOINT: sandbox.url,
      APONO_PERSONAL_TOKEN: token,
    };
    process.stdout.write(`apono-sandbox running at ${sandbox.url} (data in ${path.join(work, 'data')})\n`);
    process.stdout.write(`${identitiesPageLine(sandbox.url, token)}\n`);
    for (const step of [
      ['init', '-input=false'],
      ['plan', '-input=false'],
      ['apply', '-auto-approve', '-input=false'],
    ]) {
      const code = await terraform(step, example, env);
      if (code !== 0) return code;
    }
    const second = await terraform(['plan', '-input=false', '-detailed-exitcode'], example, env);
    if (second !== 0) {
      process.stderr.write(`\ndemo: the second plan should show no changes (exit ${second})\n`);
      return 1;
    }
    process.stdout.write(
      '\ndemo: applied examples/basic on the sandbox; the second plan shows no changes.\n',
    );
    if (process.stdin.isTTY && process.stdout.isTTY) {
      process.stdout.write(`${identitiesPageLine(sandbox.url, token)}\nPress Enter to stop the sandbox.\n`);
      await untilEnterOrInterrupt();
    }
    return 0;
  } finally {
    // Ctrl-C reaches the sandbox too (same process group): it may have stopped already.
    if (sandbox.child.exitCode === null && sandbox.child.signalCode === null) {
      const exited = new Promise((resolve) => sandbox.child.once('exit', resolve));
      sandbox.child.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * The CDKTF example with the real cdktf CLI (cdktf-cli 0.21, a dev dependency), the way a CDKTF user
 * runs it after installing the provider as docs/guides/cdktf.md says: `terraform-provider-apono install` into
 * the implied local mirror of a scratch HOME, the setting it prints for `cdktf diff` and
 * `cdktf deploy` (they run `terraform providers lock`, which reads no mirror by itself) exported,
 * then `cdktf synth`, `diff`, `deploy --auto-approve` and `destroy --auto-approve` of examples/cdktf
 * against apono-sandbox. The project is a scratch folder holding the root cdktf.json (its app
 * command without the build step: `npm test` has built already) and links to dist/ and examples/,
 * so the state file lands there and not in the checkout. Telemetry and version checks are off.
 * The steps of the flow run in order, each on what the one before left.
 */
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { STACK_NAME } from '../../examples/cdktf/main';
import { packageInfo } from '../../provider/client/package-info';
import { writeRelease } from '../../scripts/release';
import { flat, useSandboxSuite } from '../e2e/harness';
import { createSigningKey } from '../helpers/gpg';
import { serveStaticHttps, type StaticHttpsServer } from '../helpers/static-https';

jest.setTimeout(150_000);

const run = promisify(execFile);
const ROOT = packageInfo().root;
const VERSION = packageInfo().version;
const SOURCE = 'terraform.local/apono/apono';
const PROVIDER_BIN = path.join(ROOT, 'bin', 'terraform-provider-apono');
const LOCK_VARIABLE = 'TF_CLI_ARGS_providers_lock';

/** The cdktf CLI's executable script, from the installed cdktf-cli package. */
function cdktfBin(): string {
  const manifest = require.resolve('cdktf-cli/package.json', { paths: [ROOT] });
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { cdktf: string } };
  return path.join(path.dirname(manifest), bin.cdktf);
}

interface CliRun {
  readonly code: number | null;
  /** stdout and stderr together, in arrival order. */
  readonly output: string;
}

/** Runs `cdktf <args>` in `cwd` with exactly `env`; resolves with the exit code and the output. */
function cdktf(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cdktfBin(), ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Asserts a run exited 0, showing its output when it did not. */
function expectSuccess(result: CliRun): void {
  expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({
    code: 0,
    output: '',
  });
}

/**
 * A scratch cdktf project for the example: the root cdktf.json with the app command that runs the
 * compiled example (the part after the build), and links to the checkout's dist/ and examples/.
 */
function exampleProject(dir: string): string {
  mkdirSync(dir);
  const config = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  const app = config.app.split('&&').at(-1)!.trim();
  expect(app).toBe('node dist/examples/cdktf/main.js');
  writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ ...config, app }, null, 2));
  symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
  symlinkSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'));
  return dir;
}

/** The value of `variable` after a POSIX shell runs `line` (an `export NAME=...` line). */
async function valueAfterShell(line: string, variable: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', `${line}\nprintf '%s' "$${variable}"`]);
  return stdout;
}

/** The provider block of a lock file, or undefined when the file or the block is missing. */
function lockedProvider(lockFile: string): string | undefined {
  if (!existsSync(lockFile)) return undefined;
  const text = readFileSync(lockFile, 'utf8');
  const start = text.indexOf(`provider "${SOURCE}"`);
  return start < 0 ? undefined : text.slice(start, text.indexOf('\n}', start) + 2);
}

describe('the CDKTF example with the real cdktf CLI', () => {
  const suite = useSandboxSuite({ seedIdp: false });
  let scratch: string;
  let home: string;
  let installOutput: string;
  /** The environment of a user who installed the provider and nothing else. */
  let baseEnv: NodeJS.ProcessEnv;

  /** The names of the groups created in Apono (not synced from an IdP), sorted. */
  const aponoGroups = async (): Promise<string[]> =>
    (await suite.groups())
      .filter((group) => group.source_integration_id === null)
      .map((group) => group.name)
      .sort();
  const userEmails = async (): Promise<string[]> => (await suite.users()).map((user) => user.email).sort();

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-cdktf-cli-'));
    // A space in HOME: the printed setting must survive the shell and Terraform's own parsing.
    home = path.join(scratch, 'home dir');
    mkdirSync(home);
    const install = await run(process.execPath, [PROVIDER_BIN, 'install'], {
      env: { ...process.env, HOME: home },
    });
    installOutput = install.stderr;
    baseEnv = {
      PATH: process.env.PATH,
      HOME: home,
      CHECKPOINT_DISABLE: '1', // no telemetry from cdktf nor terraform
      DISABLE_VERSION_CHECK: '1', // no cdktf version check against the npm registry
      APONO_ENDPOINT: suite.sandbox.url,
      APONO_PERSONAL_TOKEN: suite.sandbox.token,
    };
  });

  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('GIVEN only the provider installed WHEN cdktf diff runs THEN terraform providers lock cannot reach terraform.local and diff fails', async () => {
    const project = exampleProject(path.join(scratch, 'without-setting'));
    const result = await cdktf(['diff', '--no-color'], project, baseEnv);
    expect(result.code).not.toBe(0);
    expect(flat(result.output)).toContain('Could not retrieve providers for locking');
    expect(flat(result.output)).toContain('could not connect to terraform.local');
    expect(await suite.writes()).toBe(0);
  });

  describe('GIVEN the setting install printed', () => {
    let project: string;
    let env: NodeJS.ProcessEnv;
    const stackDir = (): string => path.join(project, 'cdktf.out', 'stacks', STACK_NAME);

    beforeAll(async () => {
      project = exampleProject(path.join(scratch, 'with-setting'));
      const exportLine = installOutput.split('\n').find((line) => line.includes(`export ${LOCK_VARIABLE}=`));
      expect(exportLine).toBeDefined();
      env = { ...baseEnv, [LOCK_VARIABLE]: await valueAfterShell(exportLine!.trim(), LOCK_VARIABLE) };
    });

    it('WHEN cdktf synth runs THEN it writes the stack requiring the installed provider and calls no API', async () => {
      const result = await cdktf(['synth', '--no-color'], project, env);
      expectSuccess(result);
      const stack = JSON.parse(readFileSync(path.join(stackDir(), 'cdk.tf.json'), 'utf8')) as {
        terraform: { required_providers: Record<string, { source: string }> };
      };
      expect(stack.terraform.required_providers.apono.source).toBe(SOURCE);
      expect(await suite.writes()).toBe(0);
    });

    it('WHEN cdktf diff runs THEN it plans the seven identities, locks the provider and writes nothing', async () => {
      const result = await cdktf(['diff', '--no-color'], project, env);
      expectSuccess(result);
      expect(result.output).toContain('Plan: 7 to add, 0 to change, 0 to destroy.');
      // cdktf ran `terraform providers lock` (no lock file yet), and it read the mirror.
      expect(flat(result.output)).toContain(`Retrieved ${SOURCE} ${VERSION} for linux_amd64`);
      const locked = lockedProvider(path.join(stackDir(), '.terraform.lock.hcl'));
      expect(locked).toContain(`version     = "${VERSION}"`);
      expect(locked).toMatch(/"h1:[A-Za-z0-9+/]{43}="/);
      expect(await suite.writes()).toBe(0);
    });

    it('WHEN cdktf deploy --auto-approve runs THEN the sandbox holds the users and the groups with their members', async () => {
      const result = await cdktf(['deploy', '--auto-approve', '--no-color'], project, env);
      expectSuccess(result);
      expect(await userEmails()).toEqual([
        'ada@example.com',
        'alan@example.com',
        'grace@example.com',
        'linus@example.com',
      ]);
      const members: Record<string, string[]> = {};
      for (const group of await suite.groups()) members[group.name] = await suite.members(group.id);
      expect(members).toEqual({
        admins: ['ada@example.com'],
        engineering: ['ada@example.com', 'alan@example.com', 'grace@example.com'],
        'on-call': ['grace@example.com', 'linus@example.com'],
      });
      expect(existsSync(path.join(project, `terraform.${STACK_NAME}.tfstate`))).toBe(true);
    });

    it('WHEN cdktf destroy --auto-approve runs THEN the sandbox has no users and no Apono-created groups left', async () => {
      expect(await aponoGroups()).toEqual(['admins', 'engineering', 'on-call']);
      const result = await cdktf(['destroy', '--auto-approve', '--no-color'], project, env);
      expectSuccess(result);
      expect(await userEmails()).toEqual([]);
      expect(await aponoGroups()).toEqual([]);
    });
  });
  // The route for a team (and for stacks that also use registry providers, which -fs-mirror would
  // look for in the mirror too): the release signed and hosted as a static registry, named for
  // terraform.local in the CLI configuration. No install and no TF_CLI_ARGS_providers_lock.
  describe('GIVEN the signed static registry of a release in the CLI configuration', () => {
    let server: StaticHttpsServer | undefined;
    let project: string;
    let env: NodeJS.ProcessEnv;
    let zipHash: string;

    beforeAll(async () => {
      const teamDir = path.join(scratch, 'team');
      const gnupgHome = path.join(teamDir, 'gnupg');
      createSigningKey(gnupgHome, 'Apono CDKTF Test <cdktf@example.invalid>');
      const release = await writeRelease({
        outDir: path.join(teamDir, 'release'),
        platforms: ['linux_amd64'],
        runtime: 'node',
        signingKey: 'cdktf@example.invalid',
        gnupgHome,
      });
      zipHash = release.hashes.linux_amd64.find((hash) => hash.startsWith('zh:'))!;
      server = await serveStaticHttps(release.outDir, path.join(teamDir, 'registry-ca.pem'));
      const userHome = path.join(teamDir, 'home');
      mkdirSync(userHome);
      const cliConfig = path.join(userHome, '.terraformrc');
      writeFileSync(
        cliConfig,
        `host "terraform.local" {\n  services = {\n    "providers.v1" = "${server.origin}/registry/v1/providers/"\n  }\n}\n`,
      );
      project = exampleProject(path.join(scratch, 'with-registry'));
      env = { ...baseEnv, HOME: userHome, TF_CLI_CONFIG_FILE: cliConfig, SSL_CERT_FILE: server.certFile };
    });

    afterAll(async () => {
      await server?.close();
    });

    it('WHEN cdktf diff runs THEN it plans the seven identities and the lock file holds the zh: hash the registry signed', async () => {
      const writesBefore = await suite.writes();
      const result = await cdktf(['diff', '--no-color'], project, env);
      expectSuccess(result);
      expect(result.output).toContain('Plan: 7 to add, 0 to change, 0 to destroy.');
      const locked = lockedProvider(
        path.join(project, 'cdktf.out', 'stacks', STACK_NAME, '.terraform.lock.hcl'),
      );
      expect(locked).toContain(`"${zipHash}"`);
      expect(await suite.writes()).toBe(writesBefore);
    });
  });
});

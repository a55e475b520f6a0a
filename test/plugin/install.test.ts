import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  CDKTF_LOCK_PLATFORM,
  installPlatforms,
  installProvider,
  PROVIDERS_LOCK_VARIABLE,
  terraformPlatform,
} from '../../provider/install';
import { runProcess, type ProcessRun } from '../helpers/run-process';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'terraform-provider-apono');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const PLATFORM = terraformPlatform();

// `terraform init` with a lock file, no dev_overrides: the point of `terraform-provider-apono install`.
jest.setTimeout(120_000);

describe('terraform-provider-apono install', () => {
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'apono-install-'));
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('GIVEN the implied local mirror WHEN installed and terraform init runs THEN init selects it and writes a lock file', async () => {
    await run(process.execPath, [BIN, 'install'], { env: { ...process.env, HOME: home } });
    const version = (
      JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }
    ).version;
    expect(existsSync(path.join(home, '.terraform.d/plugins/terraform.local/apono/apono', version))).toBe(
      true,
    );

    const work = path.join(home, 'work');
    const cliConfig = path.join(home, 'empty.tfrc');
    writeFileSync(cliConfig, ''); // no provider_installation block: Terraform uses the implied local mirror
    mkdirSync(work);
    writeFileSync(
      path.join(work, 'main.tf'),
      'terraform {\n  required_providers {\n    apono = { source = "terraform.local/apono/apono" }\n  }\n}\n',
    );
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
    };
    const init = await run('terraform', ['init', '-input=false', '-no-color'], { cwd: work, env });
    expect(init.stdout).toContain(`Installed terraform.local/apono/apono v${version}`);
    expect(readFileSync(path.join(work, '.terraform.lock.hcl'), 'utf8')).toContain(
      'provider "terraform.local/apono/apono"',
    );
    const schema = await run('terraform', ['providers', 'schema', '-json'], {
      cwd: work,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const parsed = JSON.parse(schema.stdout) as {
      provider_schemas: Record<string, { resource_schemas: object }>;
    };
    expect(
      Object.keys(parsed.provider_schemas['terraform.local/apono/apono'].resource_schemas).sort(),
    ).toEqual(['apono_group', 'apono_group_member', 'apono_user']);
  });
});

/** Runs `terraform-provider-apono install <args>` with HOME and the working directory at `home`. */
function runInstallCommand(args: readonly string[], home: string): Promise<ProcessRun> {
  return runProcess(process.execPath, [BIN, 'install', ...args], {
    cwd: home,
    env: { ...process.env, HOME: home },
  });
}

/** Every entry under `dir`, relative, sorted: [] proves nothing was written there. */
function entriesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

const USAGE_LINE = 'Usage: terraform-provider-apono install [--dir DIR]';

describe('terraform-provider-apono install arguments', () => {
  let scratch: string;
  let caseCount = 0;
  /** A fresh, empty HOME for one case. */
  const freshHome = (): string => {
    const home = path.join(scratch, `home-${caseCount++}`);
    mkdirSync(home);
    return home;
  };

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-install-args-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([['--help'], ['-h']])(
    'GIVEN %s WHEN install runs THEN it prints the usage on stdout, exits 0 and installs nothing',
    async (flag) => {
      const home = freshHome();
      const result = await runInstallCommand([flag], home);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(USAGE_LINE);
      expect(entriesUnder(home)).toEqual([]);
    },
  );

  it.each([
    { args: ['--dir'], error: "Option '--dir <value>' argument missing" },
    { args: ['--dir', ''], error: '--dir needs a directory' },
    { args: ['--dri', 'mirror'], error: "Unknown option '--dri'" },
    { args: ['mirror'], error: "Unexpected argument 'mirror'" },
    { args: ['--dir', 'mirror', 'extra'], error: "Unexpected argument 'extra'" },
  ])(
    'GIVEN $args WHEN install runs THEN it prints the error and the usage on stderr, exits 2 and installs nothing',
    async ({ args, error }) => {
      const home = freshHome();
      const result = await runInstallCommand(args, home);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain(`terraform-provider-apono install: ${error}`);
      expect(result.stderr).toContain(USAGE_LINE);
      expect(entriesUnder(home)).toEqual([]);
    },
  );

  it('GIVEN an install WHEN the installed executable is read THEN it is the self-contained bundle, naming no path of this checkout', async () => {
    const home = freshHome();
    const mirror = mkdtempSync(path.join(scratch, 'mirror-'));
    const result = await runInstallCommand(['--dir', mirror], home);
    expect(result.code).toBe(0);
    const installed = path.join(mirror, 'terraform.local', 'apono', 'apono', VERSION, PLATFORM);
    const executable = readFileSync(path.join(installed, `terraform-provider-apono_v${VERSION}`), 'utf8');
    expect(executable.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(executable).not.toContain(ROOT);
  });

  it('GIVEN --dir DIR WHEN install runs THEN the provider is installed under DIR and nothing under HOME', async () => {
    const home = freshHome();
    const mirror = mkdtempSync(path.join(scratch, 'mirror-'));
    const result = await runInstallCommand(['--dir', mirror], home);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain(`at ${mirror}${path.sep}terraform.local`);
    expect(entriesUnder(mirror)).toContain(path.join('terraform.local', 'apono', 'apono'));
    expect(entriesUnder(home)).toEqual([]);
  });
});

/** Runs the real terraform in `cwd` with only PATH, HOME and `env`. */
function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return runProcess('terraform', [...args, '-no-color'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...env },
  });
}

/** A fresh folder under `parent` holding a configuration that requires the provider (no lock file). */
function requiringWorkspace(parent: string, name: string): string {
  const dir = path.join(parent, name);
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'main.tf'),
    'terraform {\n  required_providers {\n    apono = { source = "terraform.local/apono/apono" }\n  }\n}\n',
  );
  return dir;
}

// The cdktf CLI runs `terraform providers lock -platform=linux_amd64` before diff and deploy; that
// command reads no mirror unless TF_CLI_ARGS_providers_lock passes -fs-mirror (see
// test/constructs/cdktf-cli.terraform.test.ts for the whole cdktf flow).
describe('terraform-provider-apono install for the cdktf CLI', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-install-cdktf-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    { platform: 'linux_amd64', portable: true, written: ['linux_amd64'] },
    { platform: 'darwin_arm64', portable: true, written: ['darwin_arm64', 'linux_amd64'] },
    { platform: 'linux_arm64', portable: true, written: ['linux_arm64', 'linux_amd64'] },
    { platform: 'darwin_arm64', portable: false, written: ['darwin_arm64'] },
    { platform: 'linux_amd64', portable: false, written: ['linux_amd64'] },
  ])(
    'GIVEN $platform and a portable (JavaScript) executable: $portable WHEN install picks its platforms THEN it writes $written',
    ({ platform, portable, written }) => {
      expect(installPlatforms(platform, portable)).toEqual(written);
    },
  );

  it('GIVEN an install made on a Mac WHEN providers lock -fs-mirror locks linux_amd64 and darwin_arm64 THEN both lock to one h1: hash', async () => {
    const mirror = path.join(scratch, 'mac-mirror');
    const executable = installProvider(mirror, 'darwin_arm64');
    const linuxCopy = path.join(
      mirror,
      'terraform.local/apono/apono',
      VERSION,
      CDKTF_LOCK_PLATFORM,
      `terraform-provider-apono_v${VERSION}`,
    );
    expect(readFileSync(linuxCopy)).toEqual(readFileSync(executable));
    const work = requiringWorkspace(scratch, 'mac-lock');
    const result = await terraform(
      ['providers', 'lock', `-fs-mirror=${mirror}`, '-platform=linux_amd64', '-platform=darwin_arm64'],
      work,
    );
    expect(result).toMatchObject({ code: 0 });
    const lock = readFileSync(path.join(work, '.terraform.lock.hcl'), 'utf8');
    expect(lock.match(/"h1:[^"]+"/g)).toHaveLength(1);
  });

  it.each([['plain-mirror'], ['mirror with spaces'], [`it's "odd" $HOME \\ mirror`]])(
    'GIVEN install --dir %j WHEN a shell runs the export line it printed THEN terraform providers lock -platform=linux_amd64 locks from that mirror',
    async (name) => {
      const home = path.join(scratch, `home-of-${name.replace(/[^a-z]/g, '')}`);
      mkdirSync(home);
      const mirror = path.join(scratch, name);
      const install = await runInstallCommand(['--dir', mirror], home);
      expect(install.code).toBe(0);
      const exportLine = install.stderr
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line.startsWith(`export ${PROVIDERS_LOCK_VARIABLE}=`));
      expect(exportLine).toBeDefined();
      const { stdout: value } = await run('sh', [
        '-c',
        `${exportLine!}\nprintf '%s' "$${PROVIDERS_LOCK_VARIABLE}"`,
      ]);
      const work = requiringWorkspace(home, 'work');
      const result = await terraform(['providers', 'lock', '-platform=linux_amd64'], work, {
        [PROVIDERS_LOCK_VARIABLE]: value,
      });
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain(`Retrieved terraform.local/apono/apono ${VERSION} for linux_amd64`);
    },
  );
});

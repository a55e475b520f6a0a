/**
 * The package as a consumer gets it: `npm pack`, installed into an empty app with the framework
 * (HashiCorp's cdktf as `npm install <tgz> cdktf constructs` picks it, and CDK Terrain under the
 * cdktf name, the route docs/guides/cdktf.md gives cdktn users); the app synthesizes a stack by the package name,
 * `npx terraform-provider-apono install` installs the provider from the installed package into the
 * implied local mirror of a scratch HOME, and the real terraform CLI initializes and plans the
 * synthesized stack against apono-sandbox. Needs the build (`npm test` runs it first: the pack skips
 * `prepack`). npm installs from its cache when it can (`--prefer-offline`) and from the registry
 * otherwise; every command has a deadline.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageInfo } from '../../provider/client/package-info';
import { SCHEMA_FILE } from '../../scripts/generate';
import { countWrites } from '../e2e/fixtures';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';

const run = promisify(execFile);
const ROOT = packageInfo().root;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const STACK = 'smoke';

/** The scratch app: the library's constructs, imported by the package name. */
const APP = `
const { App, TerraformStack } = require('cdktf');
const { AponoTeam, IdentityDirectory, provider } = require('terraform-provider-apono');
const app = new App();
const stack = new TerraformStack(app, '${STACK}');
new provider.AponoProvider(stack, 'apono');
const directory = new IdentityDirectory(stack, 'Directory', {
  directory: {
    users: [{ email: 'ada@example.com', fullName: 'Ada Lovelace' }],
    groups: [{ name: 'engineering', members: ['ada@example.com'] }],
  },
});
new AponoTeam(stack, 'OnCall', {
  name: 'on-call',
  newUsers: [{ email: 'linus@example.com', fullName: 'Linus Torvalds' }],
  existingMembers: [directory.user('ada@example.com').email],
});
app.synth();
process.stdout.write(require('cdktf/package.json').name);
`;

interface SynthesizedStack {
  readonly terraform: { readonly required_providers: Record<string, { source: string; version?: string }> };
  readonly resource: Record<string, Record<string, { email?: string; name?: string }>>;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The files under `dirs` whose bytes name a path inside the checkout the package was packed from. */
function filesNamingTheCheckout(dirs: readonly string[]): string[] {
  const checkoutPath = ROOT + path.sep;
  return dirs
    .flatMap(filesUnder)
    .filter((file) => readFileSync(file).toString('latin1').includes(checkoutPath));
}

/** How each framework goes into an empty app, beside the tarball. */
const FRAMEWORKS = [
  { framework: 'cdktf', install: ['cdktf', 'constructs'] },
  { framework: 'cdktn', install: ['cdktf@npm:cdktn@~0.24.0', 'constructs@~10.7.0'] },
] as const;

describe('the packed package in an empty app', () => {
  let scratch: string;
  let tarball: string;
  let packedFiles: string[];
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-package-'));
    const packed = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = manifest!.files.map((file) => file.path);
    tarball = path.join(scratch, manifest!.filename);
    sandbox = await startSandboxProcess();
  }, 90_000);

  afterAll(async () => {
    await sandbox?.stop();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('GIVEN the packed file list WHEN read THEN it ships what consumers run and no build info, benches, scripts, examples or tests', () => {
    expect(
      packedFiles.filter((file) => /tsbuildinfo|^dist\/(bench|scripts|examples|test)\/|^test\//.test(file)),
    ).toEqual([]);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'dist/constructs/index.js',
        'dist/constructs/generated/index.js',
        'dist/provider/main.js',
        'dist/sandbox/cli.js',
        'bin/terraform-provider-apono',
        'bin/apono-sandbox',
        'provider/protocol/tfplugin6.proto',
        'provider/transport/go-plugin.proto',
        'provider/transport/health.proto',
        'schema/api/user.schema.json',
        'schema/identity-directory.schema.json',
      ]),
    );
  });

  describe.each(FRAMEWORKS)('installed with $install', ({ framework, install }) => {
    let app: string;
    let home: string;
    let stackDir: string;
    let synthesizedBy: string;
    /** terraform's environment: the scratch HOME (its implied local mirror), the sandbox, no CLI config. */
    let terraformEnv: NodeJS.ProcessEnv;

    beforeAll(async () => {
      app = path.join(scratch, `app-${framework}`);
      home = path.join(scratch, `home-${framework}`);
      mkdirSync(app);
      mkdirSync(home);
      writeFileSync(
        path.join(app, 'package.json'),
        `{ "name": "smoke-app-${framework}", "version": "1.0.0", "private": true }\n`,
      );
      writeFileSync(path.join(app, 'main.js'), APP);
      await run(
        NPM,
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...install],
        { cwd: app, timeout: 120_000 },
      );
      const outdir = path.join(app, 'cdktf.out');
      const synth = await run(process.execPath, ['main.js'], {
        cwd: app,
        env: { ...process.env, CDKTF_OUTDIR: outdir },
        timeout: 60_000,
      });
      synthesizedBy = synth.stdout;
      stackDir = path.join(outdir, 'stacks', STACK);
      // What docs/guides/cdktf.md tells a CDKTF user to run in the app: the provider from the installed package.
      await run(NPX, ['--no-install', 'terraform-provider-apono', 'install'], {
        cwd: app,
        env: { ...process.env, HOME: home },
        timeout: 30_000,
      });
      terraformEnv = {
        PATH: process.env.PATH,
        HOME: home,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        APONO_ENDPOINT: sandbox.url,
        APONO_PERSONAL_TOKEN: sandbox.token,
      };
      await run('terraform', ['init', '-input=false', '-no-color'], {
        cwd: stackDir,
        env: terraformEnv,
        timeout: 60_000,
      });
    }, 240_000);

    it('GIVEN the app WHEN it synthesizes THEN the stack holds the users, the groups and the provider constraint', () => {
      expect(synthesizedBy).toBe(framework);
      const stack = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
      const [major, minor] = packageInfo().version.split('.');
      expect(stack.terraform.required_providers.apono).toEqual({
        source: 'terraform.local/apono/apono',
        version: `~> ${major}.${minor}`,
      });
      expect(
        Object.values(stack.resource.apono_user ?? {})
          .map((user) => user.email)
          .sort(),
      ).toEqual(['ada@example.com', 'linus@example.com']);
      expect(
        Object.values(stack.resource.apono_group ?? {})
          .map((group) => group.name)
          .sort(),
      ).toEqual(['engineering', 'on-call']);
    });

    it('GIVEN the provider installed by npx from the package WHEN its files and the installed package are read THEN none names a path in the checkout', () => {
      const mirror = path.join(home, '.terraform.d', 'plugins');
      expect(filesUnder(mirror).length).toBeGreaterThan(0);
      expect(
        filesNamingTheCheckout([mirror, path.join(app, 'node_modules', 'terraform-provider-apono')]),
      ).toEqual([]);
    });

    it('GIVEN the initialized stack WHEN terraform asks the installed provider for its schema THEN it serves the committed schema', async () => {
      const printed = await run('terraform', ['providers', 'schema', '-json'], {
        cwd: stackDir,
        env: terraformEnv,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(JSON.parse(printed.stdout)).toEqual(
        JSON.parse(readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8')),
      );
    });

    it('GIVEN the initialized stack WHEN planned against the sandbox THEN terraform plans the two users and two groups and sends no write', async () => {
      await sandbox.control.resetStats();
      const plan = await run(
        'terraform',
        ['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode'],
        { cwd: stackDir, env: terraformEnv, timeout: 60_000 },
      ).then(
        (done) => ({ code: 0, stdout: done.stdout }),
        (failed: { code?: number; stdout?: string; stderr?: string }) => ({
          code: failed.code,
          stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
        }),
      );
      expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
      expect(plan.code).toBe(2);
      expect(countWrites(await sandbox.control.stats())).toBe(0);
    });
  });
});

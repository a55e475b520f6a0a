/**
 * The package as a consumer gets it: `npm pack`, installed into a scratch app with CDK Terrain
 * (cdktn) under the cdktf name (the README's route for cdktn users), then the app synthesizes a
 * stack and the packaged provider serves its schema to the real terraform CLI. Needs the build
 * (`npm test` runs it first: the pack skips `prepack`). npm installs from its cache when it can
 * (`--prefer-offline`) and from the registry otherwise; every command has a deadline.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageInfo } from '../../provider/client/package-info';
import { SCHEMA_FILE } from '../../scripts/generate';

const run = promisify(execFile);
const ROOT = packageInfo().root;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The scratch app: the library's constructs on cdktn, imported through the `cdktf` alias. */
const APP = `
const { App, TerraformStack } = require('cdktf');
const { AponoTeam, IdentityDirectory, provider } = require('terraform-provider-apono');
const app = new App();
const stack = new TerraformStack(app, 'smoke');
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

describe('the packed package in a cdktn app', () => {
  let scratch: string;
  let app: string;
  let packedFiles: string[];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-package-'));
    app = path.join(scratch, 'app');
    mkdirSync(app);
    const packed = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = manifest!.files.map((file) => file.path);
    writeFileSync(
      path.join(app, 'package.json'),
      '{ "name": "smoke-app", "version": "1.0.0", "private": true }\n',
    );
    writeFileSync(path.join(app, 'main.js'), APP);
    await run(
      NPM,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        path.join(scratch, manifest!.filename),
        'cdktf@npm:cdktn@~0.24.0',
        'constructs@~10.7.0',
      ],
      { cwd: app, timeout: 90_000 },
    );
  }, 180_000);

  afterAll(() => {
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

  it('GIVEN the package installed with cdktn as cdktf WHEN the app synthesizes THEN the stack holds the users, the groups and the provider constraint', async () => {
    const outdir = path.join(scratch, 'cdktf.out');
    const synth = await run(process.execPath, ['main.js'], {
      cwd: app,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      timeout: 60_000,
    });
    expect(synth.stdout).toBe('cdktn');
    const stack = JSON.parse(
      readFileSync(path.join(outdir, 'stacks', 'smoke', 'cdk.tf.json'), 'utf8'),
    ) as SynthesizedStack;
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

  it('GIVEN the installed package WHEN terraform runs its provider THEN it serves the committed schema', async () => {
    const mirror = path.join(scratch, 'mirror');
    const workdir = path.join(scratch, 'tf');
    mkdirSync(workdir);
    const bin = path.join(app, 'node_modules', 'terraform-provider-apono', 'bin', 'terraform-provider-apono');
    await run(process.execPath, [bin, 'install', '--dir', mirror], { timeout: 30_000 });
    writeFileSync(
      path.join(workdir, 'main.tf'),
      'terraform {\n  required_providers {\n    apono = { source = "terraform.local/apono/apono" }\n  }\n}\n',
    );
    const env = { PATH: process.env.PATH, HOME: scratch, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    await run('terraform', ['init', '-input=false', '-no-color', `-plugin-dir=${mirror}`], {
      cwd: workdir,
      env,
      timeout: 60_000,
    });
    const printed = await run('terraform', ['providers', 'schema', '-json'], {
      cwd: workdir,
      env,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(JSON.parse(printed.stdout)).toEqual(
      JSON.parse(readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8')),
    );
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/terraform-provider-apono');

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

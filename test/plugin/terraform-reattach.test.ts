/**
 * End to end with the real terraform CLI: a test-only provider served in-process by serve() in
 * reattach mode (plaintext), driven through plan, apply, update, replace, import and destroy.
 */
import { createLogger } from '../../provider/log';
import { serve, ServedProvider } from '../../provider/transport/serve';
import { ThingStore, thingProvider } from './fixtures/thing-provider';
import { TerraformWorkspace, terraformWorkspace } from './terraform-cli';

const ADDRESS = 'terraform.local/apono/apono';

function config(resources: string): string {
  return `
terraform {
  required_providers {
    apono = { source = "${ADDRESS}" }
  }
}

provider "apono" {
  label = "e2e"
  token = "not-a-real-secret"
}

${resources}
`;
}

function thingA(attributes: string): string {
  return `
resource "test_thing" "a" {
  provider = apono
${attributes}
}

data "test_thing_lookup" "a" {
  provider = apono
  name     = test_thing.a.name
}

output "lookup_id" {
  value = data.test_thing_lookup.a.id
}
`;
}

interface LogLine {
  '@level': string;
  tf_rpc?: string;
}

describe('GIVEN a provider served in reattach mode and the real terraform CLI', () => {
  let served: ServedProvider;
  let store: ThingStore;
  let workspace: TerraformWorkspace;
  const logLines: LogLine[] = [];

  beforeAll(async () => {
    const provider = thingProvider(ADDRESS);
    store = provider.store;
    const logger = createLogger({
      threshold: 0,
      write: (line) => logLines.push(JSON.parse(line) as LogLine),
    });
    served = await serve(provider.definition, { reattach: true, logger });
    workspace = terraformWorkspace({ TF_REATTACH_PROVIDERS: served.reattachProviders });
  });

  afterAll(async () => {
    await served?.stop();
    workspace?.remove();
  });

  test('WHEN planning a new thing without init THEN terraform plans one create', async () => {
    workspace.writeConfig(config(thingA('  name = "alpha"\n  tags = ["b", "a"]\n  zone = "z1"')));
    const result = await workspace.run('plan', '-detailed-exitcode');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(result.stdout).toContain('id   = (known after apply)');
  });

  test('WHEN applying THEN the thing exists with a computed id and the data source finds it', async () => {
    const result = await workspace.run('apply', '-auto-approve');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(store.things.get('thing-1')).toEqual({
      id: 'thing-1',
      name: 'alpha',
      tags: ['a', 'b'],
      zone: 'z1',
    });
    const output = await workspace.run('output', '-raw', 'lookup_id');
    expect(output.stdout).toBe('thing-1');
  });

  test('WHEN planning again THEN there are no changes (exit code 0)', async () => {
    const result = await workspace.run('plan', '-detailed-exitcode');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('WHEN the tags change THEN the thing is updated in place', async () => {
    workspace.writeConfig(config(thingA('  name = "alpha"\n  tags = ["c"]\n  zone = "z1"')));
    const result = await workspace.run('apply', '-auto-approve');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('0 added, 1 changed, 0 destroyed');
    expect(store.things.get('thing-1')?.['tags']).toEqual(['c']);
  });

  test('WHEN a requires-replace attribute changes THEN the thing is replaced with a new id', async () => {
    workspace.writeConfig(config(thingA('  name = "alpha"\n  tags = ["c"]\n  zone = "z2"')));
    const result = await workspace.run('apply', '-auto-approve');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('# forces replacement');
    expect(result.stdout).toContain('1 added, 0 changed, 1 destroyed');
    expect([...store.things.keys()]).toEqual(['thing-2']);
  });

  test('WHEN the thing is deleted out of band THEN the refreshed plan creates it again', async () => {
    const saved = store.things.get('thing-2')!;
    store.things.delete('thing-2');
    const result = await workspace.run('plan', '-detailed-exitcode');
    store.things.set('thing-2', saved);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  test('WHEN importing an existing remote thing THEN its state is read and plans no change', async () => {
    store.things.set('thing-99', { id: 'thing-99', name: 'beta', tags: null, zone: null });
    workspace.writeConfig(
      config(`${thingA('  name = "alpha"\n  tags = ["c"]\n  zone = "z2"')}
resource "test_thing" "b" {
  provider = apono
  name     = "beta"
}
`),
    );
    const imported = await workspace.run('import', 'test_thing.b', 'thing-99');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('Import successful!');
    const shown = await workspace.run('state', 'show', 'test_thing.b');
    expect(shown.stdout).toContain('name = "beta"');
    const plan = await workspace.run('plan', '-detailed-exitcode');
    expect(plan.code).toBe(0);
  });

  test('WHEN importing an id that does not exist THEN terraform reports the non-existent object', async () => {
    workspace.writeConfig(
      config(`${thingA('  name = "alpha"\n  tags = ["c"]\n  zone = "z2"')}
resource "test_thing" "b" {
  provider = apono
  name     = "beta"
}
resource "test_thing" "c" {
  provider = apono
  name     = "gamma"
}
`),
    );
    const result = await workspace.run('import', 'test_thing.c', 'thing-404');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot import non-existent remote object');
  });

  test('WHEN a resource fails validation THEN plan fails with the diagnostic on the attribute', async () => {
    workspace.writeConfig(config(thingA('  name = " "')));
    const result = await workspace.run('plan');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Empty name');
    expect(result.stderr).toContain('name must not be blank');
  });

  test('WHEN destroying THEN every thing is gone and no request failed', async () => {
    workspace.writeConfig(
      config(`${thingA('  name = "alpha"\n  tags = ["c"]\n  zone = "z2"')}
resource "test_thing" "b" {
  provider = apono
  name     = "beta"
}
`),
    );
    const result = await workspace.run('destroy', '-auto-approve');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Destroy complete! Resources: 2 destroyed.');
    expect(store.things.size).toBe(0);
    expect(logLines.filter((line) => line['@level'] === 'error')).toEqual([]);
  });

  test('THEN terraform exercised every lifecycle RPC the provider implements', () => {
    const rpcs = new Set(logLines.map((line) => line.tf_rpc).filter((rpc) => rpc !== undefined));
    for (const rpc of [
      'GetProviderSchema',
      'ValidateProviderConfig',
      'ValidateResourceConfig',
      'ValidateDataResourceConfig',
      'ConfigureProvider',
      'UpgradeResourceState',
      'ReadResource',
      'PlanResourceChange',
      'ApplyResourceChange',
      'ImportResourceState',
      'ReadDataSource',
    ]) {
      expect(rpcs).toContain(rpc);
    }
  });
});

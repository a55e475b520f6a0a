/**
 * Migration from Apono's official provider with the real terraform CLI: a state written by that
 * provider holds an apono_managed_group; a `moved` block turns it into an apono_group with no API
 * write. Terraform needs the source provider to be available (it asks it for its schema), so a
 * stand-in for it is served in-process in reattach mode: the tests run offline.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLogger } from '../../provider/log';
import { serve, ServedProvider } from '../../provider/transport/serve';
import { OFFICIAL_ADDRESS, officialProviderStandIn, officialState } from '../plugin/fixtures/official-apono';
import { flat, useSandboxSuite } from './harness';
import { PROVIDER_SOURCE, TerraformWorkspace } from './terraform';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

interface StateResource {
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: { readonly schema_version: number; readonly attributes: Record<string, unknown> }[];
}

function writeState(tf: TerraformWorkspace, state: string): void {
  writeFileSync(path.join(tf.dir, 'terraform.tfstate'), state);
}

function readState(tf: TerraformWorkspace): StateResource[] {
  return (
    JSON.parse(readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8')) as { resources: StateResource[] }
  ).resources;
}

/** apono_group.eng with its members, and the moved block from `from`. */
function movedConfig(from: string, name: string, members: string[]): string {
  return `
moved {
  from = ${from}
  to   = apono_group.eng
}

resource "apono_group" "eng" {
  name    = "${name}"
  members = [${members.map((member) => `"${member}"`).join(', ')}]
}
`;
}

/** A stand-in for the official provider served in reattach mode, and the RPCs Terraform sent it. */
interface StandIn {
  served: ServedProvider;
  readonly rpcs: string[];
}

async function serveStandIn(declareManagedGroup: boolean): Promise<StandIn> {
  const rpcs: string[] = [];
  const logger = createLogger({
    threshold: 0,
    write: (line) => {
      const entry = JSON.parse(line) as { '@message'?: string; tf_rpc?: string };
      if (entry['@message'] === 'Received request' && entry.tf_rpc !== undefined) rpcs.push(entry.tf_rpc);
    },
  });
  const served = await serve(officialProviderStandIn({ declareManagedGroup }), { reattach: true, logger });
  return { served, rpcs };
}

describe('migrating apono_managed_group of the official Apono provider to apono_group', () => {
  const suite = useSandboxSuite();
  let standIn: StandIn | undefined;
  let bareStandIn: StandIn | undefined;

  beforeAll(async () => {
    standIn = await serveStandIn(true);
    bareStandIn = await serveStandIn(false);
  });

  afterAll(async () => {
    await standIn?.served.stop();
    await bareStandIn?.served.stop();
  });

  /** A workspace where the official provider is the stand-in. */
  function workspace(which: StandIn | undefined = standIn): TerraformWorkspace {
    if (which === undefined) throw new Error('the stand-in provider is not running');
    return suite.workspace({ TF_REATTACH_PROVIDERS: which.served.reattachProviders });
  }

  /** Users with these emails and a group of them, created through the API; returns the group id. */
  async function apiGroup(name: string, emails: string[]): Promise<string> {
    for (const email of emails) {
      await suite.api('POST', '/api/admin/v3/users', {
        email,
        first_name: 'Moved',
        last_name: 'Member',
        roles: ['Grantee'],
      });
    }
    const group = (await suite.api('POST', '/api/admin/v1/groups', { name, members_emails: emails })) as {
      id: string;
    };
    return group.id;
  }

  it('GIVEN a state with an apono_managed_group WHEN planned with a moved block THEN the plan shows the move and nothing to add, change or destroy', async () => {
    const emails = ['plan-ada@example.com', 'plan-grace@example.com'];
    const id = await apiGroup('moved-plan', emails);
    const tf = workspace();
    writeState(tf, officialState('apono_managed_group', 'eng', { id, name: 'moved-plan', members: emails }));
    tf.write(movedConfig('apono_managed_group.eng', 'moved-plan', emails));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('# apono_managed_group.eng has moved to apono_group.eng');
    expect(plan.stdout).toContain('Plan: 0 to add, 0 to change, 0 to destroy.');
    // A move is a change to the state: -detailed-exitcode says 2.
    expect(plan.code).toBe(2);
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN the moved block WHEN applied THEN nothing is written to Apono, the state holds an apono_group of this provider and the next plan is empty', async () => {
    const emails = ['apply-ada@example.com', 'apply-grace@example.com'];
    const id = await apiGroup('moved-apply', emails);
    const tf = workspace();
    writeState(tf, officialState('apono_managed_group', 'eng', { id, name: 'moved-apply', members: emails }));
    tf.write(movedConfig('apono_managed_group.eng', 'moved-apply', emails));
    await suite.sandbox.control.resetStats();
    const applied = await tf.apply();
    expect(applied.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 0 destroyed.');
    expect(await suite.writes()).toBe(0);
    expect(readState(tf)).toEqual([
      expect.objectContaining({
        type: 'apono_group',
        name: 'eng',
        provider: `provider["${PROVIDER_SOURCE}"]`,
        instances: [
          expect.objectContaining({
            attributes: { id, name: 'moved-apply', members: emails, source: 'apono' },
          }),
        ],
      }),
    ]);
    const next = await tf.plan();
    expect(next.stdout).toContain('No changes.');
    expect(next.code).toBe(0);
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN the move WHEN Terraform runs it THEN it asks the official provider for nothing but its schema', async () => {
    const emails = ['rpcs-ada@example.com'];
    const id = await apiGroup('moved-rpcs', emails);
    const tf = workspace();
    writeState(tf, officialState('apono_managed_group', 'eng', { id, name: 'moved-rpcs', members: emails }));
    tf.write(movedConfig('apono_managed_group.eng', 'moved-rpcs', emails));
    standIn?.rpcs.splice(0);
    await tf.apply();
    expect(standIn?.rpcs).toContain('GetProviderSchema');
    expect(new Set(standIn?.rpcs)).toEqual(new Set(['GetProviderSchema']));
  });

  it('GIVEN an official provider that declares no apono_managed_group WHEN planned THEN the move still works (Terraform does not decode the old state with its schema)', async () => {
    const emails = ['bare-ada@example.com'];
    const id = await apiGroup('moved-bare', emails);
    const tf = workspace(bareStandIn);
    writeState(tf, officialState('apono_managed_group', 'eng', { id, name: 'moved-bare', members: emails }));
    tf.write(movedConfig('apono_managed_group.eng', 'moved-bare', emails));
    const plan = await tf.plan();
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('# apono_managed_group.eng has moved to apono_group.eng');
    expect(plan.stdout).toContain('Plan: 0 to add, 0 to change, 0 to destroy.');
  });

  it('GIVEN no official provider installed WHEN planned THEN Terraform refuses the state before any move', async () => {
    const emails = ['missing-ada@example.com'];
    const id = await apiGroup('moved-missing', emails);
    const tf = suite.workspace();
    writeState(
      tf,
      officialState('apono_managed_group', 'eng', { id, name: 'moved-missing', members: emails }),
    );
    tf.write(movedConfig('apono_managed_group.eng', 'moved-missing', emails));
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('Missing required provider');
    expect(plan.stderr).toContain(`This state requires provider ${OFFICIAL_ADDRESS}`);
  });

  it('GIVEN a moved block from a resource type apono_group does not take over WHEN planned THEN a clear error names the supported source and nothing changes', async () => {
    const tf = workspace();
    const state = officialState('apono_access_scope', 'eng', {
      id: 'scope-1',
      name: 'moved-scope',
      query: '*',
    });
    writeState(tf, state);
    tf.write(movedConfig('apono_access_scope.eng', 'moved-scope', []));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    const stderr = flat(plan.stderr);
    expect(stderr).toContain('Error: Cannot move apono_access_scope to apono_group');
    expect(stderr).toContain(
      'apono_group accepts a moved block only from: apono_managed_group of registry.terraform.io/apono-io/apono.',
    );
    expect(await suite.writes()).toBe(0);
    expect(readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8')).toBe(state);
  });
});

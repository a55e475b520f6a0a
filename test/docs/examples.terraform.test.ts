/**
 * The examples the docs show work as written, with the real terraform CLI against apono-sandbox:
 * each resource.tf and data-source.tf applies (after what it reads is put in the sandbox through
 * the API) and a second plan shows no changes; each import.sh, run by bash as a reader would run
 * it, imports an object created outside Terraform so that the example then plans no changes; the
 * provider example configures the provider. Examples use identities no other example uses, so one
 * sandbox serves them all. Needs the build (`npm test` runs it first).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import { ApiGroup, ApiUser, SandboxSuite, useSandboxSuite } from '../e2e/harness';
import { TerraformResult, TerraformWorkspace } from '../e2e/terraform';

const ROOT = packageInfo().root;
const example = (relative: string): string => readFileSync(path.join(ROOT, 'examples', relative), 'utf8');

/** Runs a shell script in the workspace, with its environment (terraform on PATH, the sandbox's endpoint). */
function runScript(
  tf: TerraformWorkspace,
  script: string,
  extraEnv: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return new Promise((resolve) => {
    execFile('bash', [script], { cwd: tf.dir, env: { ...tf.env, ...extraEnv } }, (error, stdout, stderr) =>
      resolve({
        code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
        stdout,
        stderr,
      }),
    );
  });
}

/** The values of the outputs of the workspace's state. */
async function outputs(tf: TerraformWorkspace): Promise<Record<string, unknown>> {
  const shown = JSON.parse((await tf.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(shown).map(([name, output]) => [name, output.value]));
}

async function invite(
  suite: SandboxSuite,
  email: string,
  firstName: string,
  lastName: string,
  role: string,
  phone?: string,
): Promise<ApiUser> {
  return (await suite.api('POST', '/api/admin/v3/users', {
    email,
    first_name: firstName,
    last_name: lastName,
    roles: [role],
    ...(phone === undefined ? {} : { phone_number: phone }),
  })) as ApiUser;
}

async function createGroup(suite: SandboxSuite, name: string, members: string[]): Promise<ApiGroup> {
  return (await suite.api('POST', '/api/admin/v1/groups', { name, members_emails: members })) as ApiGroup;
}

describe('GIVEN the examples of the docs and apono-sandbox', () => {
  const suite = useSandboxSuite({ seedIdp: false });

  it('GIVEN examples/provider/provider.tf as the whole configuration WHEN applied THEN the provider is configured and a second plan shows no changes', async () => {
    const tf = suite.workspace();
    writeFileSync(path.join(tf.dir, 'main.tf'), example('provider/provider.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the apono_user example WHEN applied THEN Ada is invited as written and a second plan shows no changes', async () => {
    const tf = suite.workspace();
    tf.write(example('resources/apono_user/resource.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    const [ada] = await suite.usersWithEmails('ada.lovelace@example.com');
    expect(ada).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', roles: ['Admin'] });
  });

  it('GIVEN the apono_group example WHEN applied THEN the group holds the user it declares and a second plan shows no changes', async () => {
    const tf = suite.workspace();
    tf.write(example('resources/apono_group/resource.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    const group = await suite.group('engineering');
    expect(await suite.members(group!.id)).toEqual(['grace.hopper@example.com']);
  });

  it('GIVEN the apono_group_member example WHEN applied THEN the membership exists and a second plan shows no changes', async () => {
    const tf = suite.workspace();
    tf.write(example('resources/apono_group_member/resource.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    const group = await suite.group('on-call');
    expect(await suite.members(group!.id)).toEqual(['linus.torvalds@example.com']);
  });

  it('GIVEN a user with a department WHEN the apono_user data-source example is applied THEN it outputs the department and a second plan shows no changes', async () => {
    const margaret = await invite(suite, 'margaret.hamilton@example.com', 'Margaret', 'Hamilton', 'Grantee');
    await suite.api('POST', `/_sandbox/users/${margaret.id}/attributes`, {
      attributes: { department: 'Apollo' },
    });
    const tf = suite.workspace();
    tf.write(example('data-sources/apono_user/data-source.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    expect(await outputs(tf)).toEqual({ margaret_department: 'Apollo' });
  });

  it('GIVEN an Admin WHEN the apono_users data-source example is applied THEN she is among the admin emails and a second plan shows no changes', async () => {
    await invite(suite, 'katherine.johnson@example.com', 'Katherine', 'Johnson', 'Admin');
    const tf = suite.workspace();
    tf.write(example('data-sources/apono_users/data-source.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    expect((await outputs(tf)).admin_emails).toContain('katherine.johnson@example.com');
  });

  it('GIVEN the platform group WHEN the apono_group data-source example is applied THEN it outputs the members and a second plan shows no changes', async () => {
    await invite(suite, 'dorothy.vaughan@example.com', 'Dorothy', 'Vaughan', 'Grantee');
    await createGroup(suite, 'platform', ['dorothy.vaughan@example.com']);
    const tf = suite.workspace();
    tf.write(example('data-sources/apono_group/data-source.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    expect(await outputs(tf)).toEqual({ platform_members: ['dorothy.vaughan@example.com'] });
  });

  it('GIVEN two team- groups and another WHEN the apono_groups data-source example is applied THEN it outputs the team groups only and a second plan shows no changes', async () => {
    await invite(suite, 'mary.jackson@example.com', 'Mary', 'Jackson', 'Grantee');
    await createGroup(suite, 'team-red', ['mary.jackson@example.com']);
    await createGroup(suite, 'team-blue', []);
    await createGroup(suite, 'not-a-team', []);
    const tf = suite.workspace();
    tf.write(example('data-sources/apono_groups/data-source.tf'));
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
    expect(((await outputs(tf)).team_names as string[]).sort()).toEqual(['team-blue', 'team-red']);
  });
});

/** How to put a resource example's object in Apono outside Terraform before its import.sh runs. */
interface ImportCase {
  readonly type: string;
  /** Addresses of the example that Terraform creates first (what the imported object refers to). */
  readonly prerequisites: readonly string[];
  /** Creates the object through the API; returns the env the script needs. */
  readonly create: (suite: SandboxSuite) => Promise<NodeJS.ProcessEnv>;
}

const IMPORT_CASES: readonly ImportCase[] = [
  {
    type: 'apono_user',
    prerequisites: [],
    create: async (suite) => {
      await invite(suite, 'ada.lovelace@example.com', 'Ada', 'Lovelace', 'Admin', '+442079460958');
      return {};
    },
  },
  {
    type: 'apono_group',
    prerequisites: ['apono_user.grace'],
    create: async (suite) => {
      await createGroup(suite, 'engineering', ['grace.hopper@example.com']);
      return {};
    },
  },
  {
    type: 'apono_group_member',
    prerequisites: ['apono_group.oncall', 'apono_user.linus'],
    create: async (suite) => {
      const group = await suite.group('on-call');
      await suite.api(
        'PUT',
        `/api/admin/v1/groups/${encodeURIComponent(group!.id)}/members/${encodeURIComponent('linus.torvalds@example.com')}`,
      );
      return { GROUP_ID: group!.id };
    },
  },
];

describe('GIVEN the import.sh of each resource example and a sandbox of its own', () => {
  // Its own sandbox: the objects imported here have the identities the examples above create.
  const suite = useSandboxSuite({ seedIdp: false });

  it.each(IMPORT_CASES.map((importCase) => [importCase.type, importCase] as const))(
    'GIVEN the %s example and its object created through the API WHEN import.sh runs THEN it imports it and the example plans no changes',
    async (type, importCase) => {
      const tf = suite.workspace();
      tf.write(example(`resources/${type}/resource.tf`));
      if (importCase.prerequisites.length > 0)
        await tf.apply(...importCase.prerequisites.map((address) => `-target=${address}`));
      const env = await importCase.create(suite);
      const script = path.join(ROOT, 'examples', 'resources', type, 'import.sh');
      const imported = await runScript(tf, script, env);
      expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: '' });
      expect(imported.stdout).toContain('Import successful!');
      const plan = await tf.plan();
      expect({ code: plan.code, stdout: plan.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining('No changes.'),
      });
    },
  );
});

describe('GIVEN the example files', () => {
  it('WHEN terraform fmt checks them THEN none needs formatting', async () => {
    const tf = new TerraformWorkspace('http://127.0.0.1:9', 'unused-token');
    try {
      const folders = ['provider', 'resources', 'data-sources'].map((folder) =>
        path.join(ROOT, 'examples', folder),
      );
      const checked = await tf.run(['fmt', '-check', '-recursive', '-list=true', ...folders]);
      expect({ code: checked.code, unformatted: checked.stdout }).toEqual({ code: 0, unformatted: '' });
    } finally {
      tf.remove();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { stringify } from 'yaml';
import {
  AponoTeam,
  group,
  IdentityDirectory,
  IdentityDirectoryProps,
  IdentityDirectorySpec,
  IdentityValidationError,
  provider,
  user,
} from '../../constructs';

Testing.setupJest();

const SPEC: IdentityDirectorySpec = {
  users: [
    { email: 'ada@example.com', fullName: 'Ada Lovelace', role: 'Admin', phoneNumber: '+44 20 7946 0958' },
    { email: 'grace@example.com', fullName: 'Grace Hopper' },
    { email: 'alan@example.com', fullName: 'Alan Turing', role: 'Viewer' },
  ],
  groups: [
    { name: 'engineering', members: ['ada@example.com', 'grace@example.com', 'okta.user@example.com'] },
    { name: 'admins', members: ['ada@example.com'] },
  ],
  external: ['okta.user@example.com'],
};

/** The same directory with every list reversed and emails and names in another case. */
const REORDERED: IdentityDirectorySpec = {
  external: ['Okta.User@example.com'],
  groups: [
    { name: 'admins', members: ['ADA@example.com'] },
    { name: 'engineering', members: ['okta.user@example.com', 'Grace@Example.com', 'ada@example.com'] },
  ],
  users: [...(SPEC.users ?? [])].reverse(),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'apono-directory-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new provider.AponoProvider(stack, 'apono');
  return stack;
}

function synthDirectory(props: IdentityDirectoryProps): { directory: IdentityDirectory; json: string } {
  const stack = newStack();
  const directory = new IdentityDirectory(stack, 'Directory', props);
  return { directory, json: Testing.synth(stack) };
}

/** The synthesized JSON without the metadata that names the construct paths (which keep the case). */
function withoutPaths(json: string): string {
  return JSON.stringify(JSON.parse(json), (key, value: unknown) => (key === '//' ? undefined : value));
}

function tokenOf(email: string, directory: IdentityDirectory): string {
  return `\${apono_user.${directory.user(email).friendlyUniqueId}.email}`;
}

describe('IdentityDirectory', () => {
  it('GIVEN a directory WHEN synthesized THEN every user is an apono_user with its attributes', () => {
    const { json } = synthDirectory({ directory: SPEC });
    expect(json).toHaveResourceWithProperties(user.User, {
      email: 'ada@example.com',
      full_name: 'Ada Lovelace',
      role: 'Admin',
      phone_number: '+44 20 7946 0958',
    });
    expect(json).toHaveResourceWithProperties(user.User, {
      email: 'grace@example.com',
      full_name: 'Grace Hopper',
    });
    expect(json).toHaveResourceWithProperties(user.User, { email: 'alan@example.com', role: 'Viewer' });
  });

  it('GIVEN group members WHEN synthesized THEN declared users are referenced by their email attribute and external emails are literal', () => {
    const { directory, json } = synthDirectory({ directory: SPEC });
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: 'engineering',
      members: [
        tokenOf('ada@example.com', directory),
        tokenOf('grace@example.com', directory),
        'okta.user@example.com',
      ],
    });
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: 'admins',
      members: [tokenOf('ada@example.com', directory)],
    });
  });

  it('GIVEN a directory WHEN constructed THEN construct ids derive from emails and group names in lower case', () => {
    const { directory } = synthDirectory({ directory: SPEC });
    expect(directory.users.map((created) => created.node.path)).toEqual([
      'test/Directory/Users/ada@example.com',
      'test/Directory/Users/alan@example.com',
      'test/Directory/Users/grace@example.com',
    ]);
    expect(directory.groups.map((created) => created.node.path)).toEqual([
      'test/Directory/Groups/admins',
      'test/Directory/Groups/engineering',
    ]);
    expect(directory.user('GRACE@example.com')).toBe(directory.users[2]);
    expect(directory.group('Engineering')).toBe(directory.groups[1]);
  });

  it('GIVEN the same directory reordered and re-cased WHEN synthesized THEN the logical ids and the JSON are identical', () => {
    const first = synthDirectory({ directory: SPEC }).json;
    const second = synthDirectory({ directory: REORDERED }).json;
    const ids = (json: string): string[] =>
      Object.values(
        (JSON.parse(json) as { resource: Record<string, Record<string, unknown>> }).resource,
      ).flatMap(Object.keys);
    expect(ids(second)).toEqual(ids(first));
    // Only the spellings of the emails and names differ; members are sorted the same way.
    const normalize = (json: string): string => withoutPaths(json).toLowerCase();
    expect(normalize(second)).toBe(normalize(first));
  });

  it('GIVEN the users and groups of a file in two orders WHEN synthesized THEN the JSON is byte-identical', () => {
    const reversed: IdentityDirectorySpec = {
      users: [...(SPEC.users ?? [])].reverse(),
      groups: [...(SPEC.groups ?? [])].reverse().map((entry) => ({
        ...entry,
        members: [...(entry.members ?? [])].reverse(),
      })),
      external: SPEC.external ?? [],
    };
    const first = synthDirectory({ file: writeFile('first.yaml', stringify(SPEC)) }).json;
    const second = synthDirectory({ file: writeFile('second.json', JSON.stringify(reversed)) }).json;
    expect(second).toBe(first);
  });

  it('GIVEN a YAML file WHEN synthesized THEN it gives the same stack as the same object in code', () => {
    const fromFile = synthDirectory({ file: writeFile('directory.yml', stringify(SPEC)) }).json;
    expect(fromFile).toBe(synthDirectory({ directory: SPEC }).json);
  });

  it('GIVEN a group without members WHEN synthesized THEN its membership is not managed, and an empty list empties it', () => {
    const { json } = synthDirectory({
      directory: { groups: [{ name: 'unmanaged' }, { name: 'empty', members: [] }] },
    });
    const groups = (
      JSON.parse(json) as { resource: { apono_group: Record<string, { name: string; members?: string[] }> } }
    ).resource.apono_group;
    const byName = Object.fromEntries(Object.values(groups).map((entry) => [entry.name, entry.members]));
    expect(byName).toEqual({ unmanaged: undefined, empty: [] });
  });

  it('GIVEN tokens in attributes that ids do not derive from WHEN synthesized THEN they pass through unvalidated', () => {
    const stack = newStack();
    const role = new TerraformVariable(stack, 'role', { type: 'string' });
    new IdentityDirectory(stack, 'Directory', {
      directory: { users: [{ email: 'ada@example.com', fullName: 'Ada Lovelace', role: role.stringValue }] },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(user.User, { role: '${var.role}' });
  });

  it('GIVEN a lookup of an undeclared user or group WHEN called THEN it throws quoting the name', () => {
    const { directory } = synthDirectory({ directory: SPEC });
    expect(() => directory.user('bob@example.com')).toThrow(
      'no user "bob@example.com" in identity directory',
    );
    expect(() => directory.group('sales')).toThrow('no group "sales" in identity directory');
  });

  const ADA = 'email: ada@example.com\n    fullName: Ada Lovelace';
  it.each([
    ['a missing full name', 'users:\n  - email: ada@example.com\n', 'users[0].fullName: is required'],
    [
      'a misspelled field',
      `users:\n  - ${ADA}\n    fullname: Ada\n`,
      'users[0].fullname: is not a known field; expected one of: email, fullName, role, phoneNumber',
    ],
    [
      'an invalid email',
      `users:\n  - ${ADA}\n  - email: x\n    fullName: X\n`,
      'users[1].email: "x" is not a valid email',
    ],
    [
      'an unquoted phone number',
      `users:\n  - ${ADA}\n    phoneNumber: +14155550100\n`,
      'users[0].phoneNumber: must be a string; got 14155550100 (quote it in YAML)',
    ],
    [
      'a role with spaces around it',
      `users:\n  - ${ADA}\n    role: " Wizard"\n`,
      'users[0].role: must not start or end with whitespace; got " Wizard"',
    ],
    [
      'a phone number without country code',
      `users:\n  - ${ADA}\n    phoneNumber: "555 0100"\n`,
      'users[0].phoneNumber: "555 0100" is not a phone number',
    ],
    [
      'members that are not a list',
      'groups:\n  - name: eng\n    members: ada@example.com\n',
      'groups[0].members: must be a list; got "ada@example.com"',
    ],
    [
      'an unknown top-level field',
      'userz: []\n',
      'userz: is not a known field; expected one of: users, groups, external',
    ],
    [
      'two users whose emails differ only by case',
      `users:\n  - ${ADA}\n  - email: ADA@Example.com\n    fullName: Ada Again\n`,
      'users[1].email: "ADA@Example.com" is already declared at users[0].email (emails are compared case-insensitively)',
    ],
    [
      'two groups whose names differ only by case',
      'groups:\n  - name: eng\n  - name: ENG\n',
      'groups[1].name: "ENG" is already declared at groups[0].name (group names are compared case-insensitively)',
    ],
    [
      'a member that is neither a user nor external',
      `users:\n  - ${ADA}\ngroups:\n  - name: eng\n    members: [ada@example.com, bob@example.com]\n`,
      'groups[0].members[1]: "bob@example.com" is neither a user of this directory nor listed in external',
    ],
    [
      'a member listed twice',
      `users:\n  - ${ADA}\ngroups:\n  - name: eng\n    members: [ada@example.com, Ada@example.com]\n`,
      'groups[0].members[1]: "Ada@example.com" is already listed at groups[0].members[0]',
    ],
    [
      'an external email that is also a user',
      `users:\n  - ${ADA}\nexternal: [ada@EXAMPLE.com]\n`,
      'external[0]: "ada@EXAMPLE.com" is already declared at users[0].email',
    ],
    ['invalid YAML', 'users: [\n', 'not valid YAML: '],
    ['a blank group name', 'groups:\n  - name: "   "\n', 'groups[0].name: must not be empty; got "   "'],
  ])(
    'GIVEN a file with %s WHEN constructed THEN it throws naming the file, the entry and the field',
    (_case, text, message) => {
      const file = writeFile('identities.yaml', text);
      const construct = (): IdentityDirectory => new IdentityDirectory(newStack(), 'Directory', { file });
      expect(construct).toThrow(IdentityValidationError);
      expect(construct).toThrow(`${file}: ${message}`);
    },
  );

  it('GIVEN a file with schema errors and errors beyond the schema WHEN constructed THEN one error lists them all', () => {
    const file = writeFile(
      'several.yaml',
      [
        'users:',
        '  - email: ada@example.com', // fullName missing: a schema error, but the email is declared
        '  - { email: grace@example.com, fullName: Grace Hopper, role: "Wizard " }',
        '  - { email: x, fullName: X }',
        'groups:',
        '  - { name: "   " }',
        '  - { name: eng, members: [ada@example.com, bob@example.com] }',
      ].join('\n'),
    );
    let error: unknown;
    try {
      new IdentityDirectory(newStack(), 'Directory', { file });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(IdentityValidationError);
    expect((error as IdentityValidationError).problems).toEqual([
      'users[0].fullName: is required',
      'users[2].email: "x" is not a valid email address: it has no "@" (expected name@domain.tld)',
      'users[1].role: must not start or end with whitespace; got "Wizard "',
      'groups[0].name: must not be empty; got "   "',
      'groups[1].members[1]: "bob@example.com" is neither a user of this directory nor listed in external',
    ]);
  });

  it('GIVEN emails and group names that differ only where construct ids sanitize WHEN constructed THEN each gets its own id', () => {
    const { directory } = synthDirectory({
      directory: {
        users: [
          { email: 'a/b@example.com', fullName: 'Ada Lovelace' },
          { email: 'a_b@example.com', fullName: 'Grace Hopper' },
        ],
        groups: [{ name: 'a/b' }, { name: 'a_b' }, { name: 'a--b' }],
      },
    });
    expect(directory.users.map((created) => created.node.id)).toEqual([
      'a%2Fb@example.com',
      'a_b@example.com',
    ]);
    expect(directory.groups.map((created) => created.node.id)).toEqual(['a--b', 'a%2Fb', 'a_b']);
  });

  it('GIVEN list tokens for external and members WHEN constructed THEN it throws that they must be literal lists', () => {
    const stack = newStack();
    const emails = new TerraformVariable(stack, 'emails', { type: 'list(string)' });
    const construct = (): IdentityDirectory =>
      new IdentityDirectory(stack, 'Directory', {
        directory: {
          users: [{ email: 'ada@example.com', fullName: 'Ada Lovelace' }],
          groups: [{ name: 'eng', members: emails.listValue }],
          external: emails.listValue,
        },
      });
    expect(construct).toThrow('external: must be a literal list, not a token');
    expect(construct).toThrow('groups[0].members: must be a literal list, not a token');
    expect(construct).not.toThrow('is not a valid email');
  });

  it('GIVEN an element of a list token among the members WHEN constructed THEN it must be literal and is not validated as an email', () => {
    const stack = newStack();
    const emails = new TerraformVariable(stack, 'emails', { type: 'list(string)' });
    const construct = (): IdentityDirectory =>
      new IdentityDirectory(stack, 'Directory', {
        directory: {
          users: [{ email: 'ada@example.com', fullName: 'Ada Lovelace' }],
          groups: [{ name: 'eng', members: ['ada@example.com', ...emails.listValue] }],
        },
      });
    expect(construct).toThrow('groups[0].members[1]: must be a literal value, not a token');
    expect(construct).not.toThrow('is not a valid email');
  });

  it('GIVEN one email in a directory and in a team WHEN synthesized THEN it fails naming both users', () => {
    const stack = newStack();
    new IdentityDirectory(stack, 'Directory', { directory: SPEC });
    new AponoTeam(stack, 'Team', {
      name: 'on-call',
      newUsers: [{ email: 'Ada@Example.com', fullName: 'Ada Lovelace' }],
    });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/Directory\] "ada@example.com" is also an apono_user at test\/Team\/ada@example.com: one mailbox would be invited twice/,
    );
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/Team\] "Ada@Example.com" is also an apono_user at test\/Directory\/Users\/ada@example.com/,
    );
  });

  it('GIVEN one email under two provider aliases WHEN synthesized THEN it passes (two tenants)', () => {
    const stack = newStack();
    const other = new provider.AponoProvider(stack, 'other', { alias: 'other' });
    new IdentityDirectory(stack, 'Directory', { directory: SPEC });
    new AponoTeam(stack, 'Team', {
      name: 'on-call',
      newUsers: [{ email: 'ada@example.com', fullName: 'Ada Lovelace' }],
      provider: other,
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it('GIVEN a renamed group WHEN moved from its old logical id THEN the stack holds a moved block to the new one', () => {
    const before = synthDirectory({ directory: { groups: [{ name: 'engineering' }] } }).directory;
    const oldId = `apono_group.${before.group('engineering').friendlyUniqueId}`;
    const { directory, json } = (() => {
      const stack = newStack();
      const renamed = new IdentityDirectory(stack, 'Directory', {
        directory: { groups: [{ name: 'platform' }] },
      });
      renamed.group('platform').moveFromId(oldId);
      return { directory: renamed, json: Testing.synth(stack) };
    })();
    expect((JSON.parse(json) as { moved?: unknown }).moved).toEqual([
      { from: oldId, to: `apono_group.${directory.group('platform').friendlyUniqueId}` },
    ]);
  });

  it('GIVEN an object with a problem WHEN constructed THEN the error names the construct instead of a file', () => {
    expect(
      () =>
        new IdentityDirectory(newStack(), 'Directory', {
          directory: { users: [{ email: 'x', fullName: 'X' }] },
        }),
    ).toThrow('identity directory test/Directory: users[0].email: "x" is not a valid email');
  });

  it('GIVEN a file of another type WHEN constructed THEN it throws naming the extension', () => {
    const file = writeFile('identities.txt', '');
    expect(() => new IdentityDirectory(newStack(), 'Directory', { file })).toThrow(
      `${file}: unsupported file type ".txt"; expected .yaml, .yml or .json`,
    );
  });

  it.each([
    ['both a directory and a file', { directory: SPEC, file: 'identities.yaml' }],
    ['neither a directory nor a file', {}],
  ])('GIVEN %s WHEN constructed THEN it throws', (_case, props) => {
    expect(() => new IdentityDirectory(newStack(), 'Directory', props)).toThrow(
      'set exactly one of "directory" and "file"',
    );
  });
});

describe('IdentityDirectory imports', () => {
  const IMPORTED: IdentityDirectorySpec = {
    users: [
      { email: 'ada@example.com', fullName: 'Ada Lovelace', role: 'Admin', import: true },
      { email: 'grace@example.com', fullName: 'Grace Hopper' },
    ],
    groups: [
      { name: 'engineering', members: ['ada@example.com'], import: true },
      { name: 'admins', members: [] },
    ],
  };

  it('GIVEN users and groups with import: true WHEN synthesized THEN each has an import block by email or name, and only they do', () => {
    const { directory, json } = synthDirectory({ directory: IMPORTED });

    expect((JSON.parse(json) as { import?: unknown }).import).toEqual([
      { to: `apono_user.${directory.user('ada@example.com').friendlyUniqueId}`, id: 'ada@example.com' },
      { to: `apono_group.${directory.group('engineering').friendlyUniqueId}`, id: 'engineering' },
    ]);
  });

  it('GIVEN a file whose import is not a boolean WHEN constructed THEN the error names the field', () => {
    const file = writeFile(
      'bad-import.yaml',
      stringify({ users: [{ email: 'a@example.com', fullName: 'A', import: 'yes' }] }),
    );

    expect(() => new IdentityDirectory(newStack(), 'Directory', { file })).toThrow(
      `${file}: users[0].import: must be a boolean; got "yes"`,
    );
  });
});

describe('IdentityDirectory template sequences', () => {
  it('GIVEN a full name, a group name and an external email with ${ and %{ WHEN synthesized THEN they are escaped so Terraform reads them literally', () => {
    const { json } = synthDirectory({
      directory: {
        users: [{ email: 'zed@example.com', fullName: 'Zed ${x} %{y} $${z}' }],
        groups: [{ name: 'say ${there} %{if}', members: ['zed@example.com', 'a${b}@example.com'] }],
        external: ['a${b}@example.com'],
      },
    });

    expect(json).toHaveResourceWithProperties(user.User, { full_name: 'Zed $${x} %%{y} $$${z}' });
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: 'say $${there} %%{if}',
      members: ['a$${b}@example.com', '${apono_user.Directory_Users_zedexamplecom_3D3B4AEA.email}'],
    });
  });
});

import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AponoTeam, AponoTeamProps, group, IdentityValidationError, provider, user } from '../../constructs';

Testing.setupJest();

interface SynthesizedResource {
  readonly email?: string;
  readonly members?: string[];
  readonly name?: string;
  readonly provider?: string;
  readonly '//': { readonly metadata: { readonly path: string } };
}

interface Synthesized {
  readonly resource: {
    readonly apono_user?: Record<string, SynthesizedResource>;
    readonly apono_group?: Record<string, SynthesizedResource>;
  };
}

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new provider.AponoProvider(stack, 'apono');
  return stack;
}

function synthTeam(props: AponoTeamProps): { team: AponoTeam; json: string; parsed: Synthesized } {
  const stack = newStack();
  const team = new AponoTeam(stack, 'Team', props);
  const json = Testing.synth(stack);
  return { team, json, parsed: JSON.parse(json) as Synthesized };
}

const ADA = {
  email: 'ada@example.com',
  fullName: 'Ada Lovelace',
  role: 'Admin',
  phoneNumber: '+44 20 7946 0958',
};
const GRACE = { email: 'grace@example.com', fullName: 'Grace Hopper' };

describe('AponoTeam', () => {
  it('GIVEN new users WHEN synthesized THEN each is an apono_user with its attributes', () => {
    const { json } = synthTeam({ name: 'engineering', newUsers: [ADA, GRACE] });
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
  });

  it('GIVEN new and existing members WHEN synthesized THEN the group lists the new users by their email attribute, then the existing emails', () => {
    const { team, json } = synthTeam({
      name: 'engineering',
      newUsers: [ADA, GRACE],
      existingMembers: ['alan@example.com'],
    });
    const [ada, grace] = team.users.map((created) => `\${apono_user.${created.friendlyUniqueId}.email}`);
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: 'engineering',
      members: [ada, grace, 'alan@example.com'],
    });
  });

  it('GIVEN a team WHEN constructed THEN the group is its child "Resource" and the users are exposed in order', () => {
    const { team } = synthTeam({ name: 'engineering', newUsers: [ADA, GRACE] });
    expect(team.group.node.id).toBe('Resource');
    expect(team.node.defaultChild).toBe(team.group);
    expect(team.users.map((created) => created.node.id)).toEqual(['ada@example.com', 'grace@example.com']);
  });

  it('GIVEN new users in another order or case WHEN synthesized THEN each email keeps its logical id', () => {
    const emailsById = (parsed: Synthesized): Record<string, string | undefined> =>
      Object.fromEntries(
        Object.entries(parsed.resource.apono_user ?? {}).map(([id, entry]) => [
          id,
          entry.email?.toLowerCase(),
        ]),
      );
    const first = synthTeam({ name: 'engineering', newUsers: [ADA, GRACE] }).parsed;
    const second = synthTeam({
      name: 'engineering',
      newUsers: [GRACE, { ...ADA, email: 'Ada@Example.com' }],
    }).parsed;
    expect(Object.keys(emailsById(first))).toHaveLength(2);
    expect(emailsById(second)).toEqual(emailsById(first));
    expect(Object.keys(second.resource.apono_group ?? {})).toEqual(
      Object.keys(first.resource.apono_group ?? {}),
    );
  });

  it('GIVEN emails that differ only where construct ids sanitize WHEN synthesized THEN each user gets its own id', () => {
    const emails = ['a/b@example.com', 'a_b@example.com', 'a--b@example.com', 'a%2Fb@example.com'];
    const { team, parsed } = synthTeam({
      name: 'engineering',
      newUsers: emails.map((email) => ({ email, fullName: 'Ada Lovelace' })),
    });
    expect(team.users.map((created) => created.node.id)).toEqual([
      'a%2Fb@example.com',
      'a_b@example.com',
      'a--b@example.com',
      'a%252fb@example.com',
    ]);
    expect(Object.keys(parsed.resource.apono_user ?? {})).toHaveLength(emails.length);
  });

  it('GIVEN an aliased provider WHEN passed THEN the group and the users use it', () => {
    const stack = newStack();
    const other = new provider.AponoProvider(stack, 'other', { alias: 'other' });
    new AponoTeam(stack, 'Team', { name: 'engineering', newUsers: [ADA], provider: other });
    const parsed = JSON.parse(Testing.synth(stack)) as Synthesized;
    const resources = [
      ...Object.values(parsed.resource.apono_user ?? {}),
      ...Object.values(parsed.resource.apono_group ?? {}),
    ];
    expect(resources.map((resource) => resource.provider)).toEqual(['apono.other', 'apono.other']);
  });

  it('GIVEN a token name and a list token of existing members WHEN synthesized THEN they pass through unvalidated', () => {
    const stack = newStack();
    const existing = new TerraformVariable(stack, 'existing', { type: 'list(string)' });
    const team = new AponoTeam(stack, 'Team', {
      name: new TerraformVariable(stack, 'name', { type: 'string' }).stringValue,
      newUsers: [ADA],
      existingMembers: existing.listValue,
    });
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: '${var.name}',
      members: `\${concat([apono_user.${team.users[0]?.friendlyUniqueId}.email], var.existing)}`,
    });
  });

  it('GIVEN an element of a list token among the existing members WHEN constructed THEN it is not validated as an email', () => {
    const stack = newStack();
    const existing = new TerraformVariable(stack, 'existing', { type: 'list(string)' });
    const members = ['alan@example.com', ...existing.listValue];
    expect(
      () => new AponoTeam(stack, 'Team', { name: 'engineering', existingMembers: members }),
    ).not.toThrow();
  });

  it("GIVEN a token email of a new user WHEN constructed THEN it throws: the user's construct id derives from the email", () => {
    const stack = newStack();
    const email = new TerraformVariable(stack, 'email', { type: 'string' });
    const listed = new TerraformVariable(stack, 'emails', { type: 'list(string)' });
    const construct = (): AponoTeam =>
      new AponoTeam(stack, 'Team', {
        name: 'engineering',
        newUsers: [
          { email: email.stringValue, fullName: 'Ada Lovelace' },
          { email: listed.listValue[0] ?? '', fullName: 'Grace Hopper' },
        ],
      });
    expect(construct).toThrow(IdentityValidationError);
    expect(construct).toThrow('newUsers[0].email: must be a literal email, not a token');
    expect(construct).toThrow('newUsers[1].email: must be a literal email, not a token');
    expect(stack.node.tryFindChild('Team')).toBeUndefined();
  });

  it.each([
    ['no name', { name: undefined }, 'team test/Team: name: is required'],
    [
      'a new user without email',
      { newUsers: [{ fullName: 'Ada Lovelace' }] },
      'team "engineering": newUsers[0].email: is required',
    ],
    [
      'a new user without full name',
      { newUsers: [{ email: 'ada@example.com' }] },
      'team "engineering": newUsers[0].fullName: is required',
    ],
    [
      'a full name that is not a string',
      { newUsers: [{ email: 'ada@example.com', fullName: 42 }] },
      'team "engineering": newUsers[0].fullName: must be a string; got 42',
    ],
  ])(
    'GIVEN plain JavaScript props with %s WHEN constructed THEN it throws naming the field',
    (_case, props, message) => {
      const untyped = { name: 'engineering', ...props } as unknown as AponoTeamProps;
      const construct = (): AponoTeam => new AponoTeam(newStack(), 'Team', untyped);
      expect(construct).toThrow(IdentityValidationError);
      expect(construct).toThrow(message);
    },
  );

  it.each([
    [
      'an invalid new user email',
      { newUsers: [{ ...ADA, email: 'ada' }] },
      'newUsers[0].email: "ada" is not a valid email',
    ],
    [
      'an empty full name',
      { newUsers: [{ ...ADA, fullName: '' }] },
      'newUsers[0].fullName: must not be empty; got ""',
    ],
    [
      'a role with spaces around it',
      { newUsers: [{ ...ADA, role: 'Wizard ' }] },
      'newUsers[0].role: must not start or end with whitespace; got "Wizard "',
    ],
    [
      'a phone without country code',
      { newUsers: [{ ...ADA, phoneNumber: '555 0100' }] },
      'newUsers[0].phoneNumber: "555 0100" is not a phone number',
    ],
    [
      'an invalid existing member',
      { existingMembers: ['not-an-email'] },
      'existingMembers[0]: "not-an-email" is not a valid email',
    ],
    [
      'a new user listed again as existing in another case',
      { newUsers: [ADA], existingMembers: ['ADA@example.com'] },
      'existingMembers[0]: "ADA@example.com" is already listed at newUsers[0].email',
    ],
    ['an empty name', { name: '' }, 'name: must not be empty; got ""'],
    ['a blank name', { name: '   ' }, 'name: must not be empty; got "   "'],
    ['a name with a line break', { name: 'eng\nops' }, 'name: must not contain tabs, line breaks'],
    [
      'a name with a trailing space',
      { name: 'eng ' },
      'name: must not start or end with whitespace; got "eng "',
    ],
    [
      'a new user email with a trailing dot',
      { newUsers: [{ ...ADA, email: 'ada@example.com.' }] },
      'newUsers[0].email: "ada@example.com." is not a valid email address: the domain must not end with a dot',
    ],
    [
      'a full name with a tab',
      { newUsers: [{ ...ADA, fullName: 'Ada\tLovelace' }] },
      'newUsers[0].fullName: must not contain tabs, line breaks',
    ],
    [
      'a role with surrounding spaces',
      { newUsers: [{ ...ADA, role: ' Admin ' }] },
      'newUsers[0].role: must not start or end with whitespace; got " Admin "',
    ],
  ])(
    'GIVEN %s WHEN constructed THEN it throws naming the field and quoting the value',
    (_case, props, message) => {
      const construct = (): AponoTeam => new AponoTeam(newStack(), 'Team', { name: 'engineering', ...props });
      expect(construct).toThrow(IdentityValidationError);
      expect(construct).toThrow(message);
    },
  );

  it('GIVEN several problems WHEN constructed THEN one error lists them all, one per line', () => {
    const stack = newStack();
    expect(
      () => new AponoTeam(stack, 'Team', { name: 'eng', newUsers: [{ email: 'x', fullName: ' ' }] }),
    ).toThrow(/^team "eng": newUsers\[0\]\.email: .*\nteam "eng": newUsers\[0\]\.fullName: /);
  });
});

describe('AponoTeam template sequences', () => {
  const TEMPLATED: AponoTeamProps = {
    name: 'say ${there} %{if}',
    newUsers: [{ email: 'z${e}d@example.com', fullName: 'Zed ${x} %{y} $${z}', role: 'Ops ${r} %{s}' }],
    existingMembers: ['a${b}%{c}@example.com'],
  };

  it('GIVEN a new user with ${ and %{ in its email, full name and role WHEN synthesized THEN they are escaped so Terraform reads them literally', () => {
    const { json } = synthTeam(TEMPLATED);

    expect(json).toHaveResourceWithProperties(user.User, {
      email: 'z$${e}d@example.com',
      full_name: 'Zed $${x} %%{y} $$${z}',
      role: 'Ops $${r} %%{s}',
    });
  });

  it('GIVEN a name and an existing member with ${ and %{ WHEN synthesized THEN they are escaped and the new user stays a reference', () => {
    const { team, json } = synthTeam(TEMPLATED);

    expect(json).toHaveResourceWithProperties(group.Group, {
      name: 'say $${there} %%{if}',
      members: [`\${apono_user.${team.users[0]?.friendlyUniqueId}.email}`, 'a$${b}%%{c}@example.com'],
    });
  });
});

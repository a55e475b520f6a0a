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

  it('GIVEN new users in another order or case WHEN synthesized THEN every logical id is the same', () => {
    const first = synthTeam({ name: 'engineering', newUsers: [ADA, GRACE] }).parsed;
    const second = synthTeam({
      name: 'engineering',
      newUsers: [GRACE, { ...ADA, email: 'Ada@Example.com' }],
    }).parsed;
    expect(Object.keys(second.resource.apono_user ?? {})).toEqual(
      Object.keys(first.resource.apono_user ?? {}),
    );
    expect(Object.keys(second.resource.apono_group ?? {})).toEqual(
      Object.keys(first.resource.apono_group ?? {}),
    );
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

  it('GIVEN unresolved tokens WHEN constructed THEN they are not validated and the user id falls back to its position', () => {
    const stack = newStack();
    const email = new TerraformVariable(stack, 'email', { type: 'string' });
    const existing = new TerraformVariable(stack, 'existing', { type: 'list(string)' });
    const team = new AponoTeam(stack, 'Team', {
      name: new TerraformVariable(stack, 'name', { type: 'string' }).stringValue,
      newUsers: [{ email: email.stringValue, fullName: 'Ada Lovelace' }],
      existingMembers: existing.listValue,
    });
    expect(team.users[0]?.node.id).toBe('User0');
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(user.User, { email: '${var.email}' });
    expect(json).toHaveResourceWithProperties(group.Group, {
      name: '${var.name}',
      members: `\${concat([apono_user.${team.users[0]?.friendlyUniqueId}.email], var.existing)}`,
    });
  });

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
      'an unknown role',
      { newUsers: [{ ...ADA, role: 'Wizard' }] },
      'newUsers[0].role: "Wizard" is not an Apono role',
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

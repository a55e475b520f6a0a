/**
 * Uncertain writes with the real CLI: the sandbox applies a write and then drops its answer
 * (`lost_answer_rate`, `lost_answer_next`), so the provider retries a write that already happened.
 * Every apply must still end with exactly one identity per declared user and group, the declared
 * members, and a second plan with no changes.
 */
import { useSandboxSuite } from './harness';
import type { TerraformWorkspace } from './terraform';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(240_000);

const USERS = 20;
/** The members of group g: users 3g .. 3g+4, so groups overlap. */
const GROUPS = [0, 1, 2];
const membersOf = (g: number): number[] => [0, 1, 2, 3, 4].map((i) => 3 * g + i);
/** Users given to the member-less group one apono_group_member each. */
const ONCALL = [1, 5, 9];

/** `USERS` users, three groups with overlapping members, and a group with separate memberships. */
function directory(prefix: string): string {
  const users = `resource "apono_user" "u" {
  count     = ${USERS}
  email     = "${prefix}\${count.index}@example.com"
  full_name = "User \${count.index}"
}
`;
  const groups = GROUPS.map(
    (g) =>
      `resource "apono_group" "g${g}" {\n  name    = "${prefix}-g${g}"\n  members = [${membersOf(g)
        .map((i) => `apono_user.u[${i}].email`)
        .join(', ')}]\n}\n`,
  ).join('');
  const oncall =
    `resource "apono_group" "oncall" {\n  name = "${prefix}-oncall"\n}\n` +
    ONCALL.map(
      (i) =>
        `resource "apono_group_member" "m${i}" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.u[${i}].email\n}\n`,
    ).join('');
  return users + groups + oncall;
}

const email = (prefix: string, i: number): string => `${prefix}${i}@example.com`;

describe('writes whose answers are lost, with the real terraform CLI', () => {
  const suite = useSandboxSuite({ seedIdp: false });

  afterEach(async () => {
    await suite.sandbox.control.setFaults({});
  });

  /** A workspace with generous retries: at a 0.3 loss rate a write may need several attempts. */
  const workspace = (): TerraformWorkspace => suite.workspace({ APONO_MAX_RETRIES: '20' });

  /** The users and groups named with `prefix`, each as many times as it exists. */
  async function identities(prefix: string): Promise<{ emails: string[]; groups: string[] }> {
    const emails = (await suite.users())
      .map((user) => user.email)
      .filter((address) => address.startsWith(prefix))
      .sort();
    const groups = (await suite.groups())
      .map((group) => group.name)
      .filter((name) => name.startsWith(`${prefix}-`))
      .sort();
    return { emails, groups };
  }

  /** Asserts exactly the directory of `prefix` exists: each identity once, with its members. */
  async function expectExactlyTheDirectory(prefix: string): Promise<void> {
    const declaredEmails = Array.from({ length: USERS }, (_, i) => email(prefix, i)).sort();
    const declaredGroups = [...GROUPS.map((g) => `${prefix}-g${g}`), `${prefix}-oncall`].sort();
    expect(await identities(prefix)).toEqual({ emails: declaredEmails, groups: declaredGroups });
    for (const g of GROUPS) {
      const group = await suite.group(`${prefix}-g${g}`);
      expect(await suite.members(group!.id)).toEqual(
        membersOf(g)
          .map((i) => email(prefix, i))
          .sort(),
      );
    }
    const oncall = await suite.group(`${prefix}-oncall`);
    expect(await suite.members(oncall!.id)).toEqual(ONCALL.map((i) => email(prefix, i)).sort());
  }

  it('GIVEN 30% of the write answers are lost WHEN users, groups and memberships are applied THEN each exists exactly once with its members and a second plan is empty', async () => {
    // GIVEN a directory to create, and an API that loses the answer of 30% of the applied writes
    const prefix = 'lost';
    const tf = workspace();
    tf.write(directory(prefix));
    await suite.sandbox.control.resetStats();
    await suite.sandbox.control.setFaults({ lost_answer_rate: 0.3 });

    // WHEN it is applied
    await tf.apply();
    await suite.sandbox.control.setFaults({});

    // THEN answers really were lost, and yet nothing is missing or duplicated
    expect((await suite.sandbox.control.faultsServed()).lost_answer).toBeGreaterThan(0);
    await expectExactlyTheDirectory(prefix);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an applied directory WHEN it is changed while 30% of the write answers are lost THEN Apono ends as configured and a second plan is empty', async () => {
    // GIVEN an applied directory
    const prefix = 'lostchg';
    const tf = workspace();
    tf.write(directory(prefix));
    await tf.apply();

    // WHEN a group is renamed, members move, a user is renamed and a membership is dropped, losing 30% of the answers
    const changed = directory(prefix)
      .replace(`name    = "${prefix}-g0"`, `name    = "${prefix}-g0-renamed"`)
      .replace(
        'members = [apono_user.u[3].email, ',
        'members = [apono_user.u[0].email, apono_user.u[8].email, ',
      )
      .replace(/resource "apono_group_member" "m9" \{[^}]*\}\n/, '')
      .replace('full_name = "User ${count.index}"', 'full_name = "Member ${count.index}"');
    expect(changed).not.toContain('"m9"');
    tf.write(changed);
    await suite.sandbox.control.resetStats();
    await suite.sandbox.control.setFaults({ lost_answer_rate: 0.3 });
    await tf.apply();
    await suite.sandbox.control.setFaults({});

    // THEN every change landed once
    expect((await suite.sandbox.control.faultsServed()).lost_answer).toBeGreaterThan(0);
    const { groups } = await identities(prefix);
    expect(groups).toEqual([`${prefix}-g0-renamed`, `${prefix}-g1`, `${prefix}-g2`, `${prefix}-oncall`]);
    const g1 = await suite.group(`${prefix}-g1`);
    expect(await suite.members(g1!.id)).toEqual([0, 4, 5, 6, 7, 8].map((i) => email(prefix, i)).sort());
    const oncall = await suite.group(`${prefix}-oncall`);
    expect(await suite.members(oncall!.id)).toEqual([1, 5].map((i) => email(prefix, i)).sort());
    const names = (
      await suite.usersWithEmails(...Array.from({ length: USERS }, (_, i) => email(prefix, i)))
    ).map((user) => user.first_name);
    expect(names).toEqual(Array.from({ length: USERS }, () => 'Member'));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an applied directory WHEN it is destroyed while 30% of the write answers are lost THEN nothing of it is left', async () => {
    // GIVEN an applied directory
    const prefix = 'lostdel';
    const tf = workspace();
    tf.write(directory(prefix));
    await tf.apply();

    // WHEN it is destroyed, losing 30% of the answers (a retried DELETE then meets a 404)
    await suite.sandbox.control.resetStats();
    await suite.sandbox.control.setFaults({ lost_answer_rate: 0.3 });
    await tf.destroy();
    await suite.sandbox.control.setFaults({});

    // THEN every user and group is gone
    expect((await suite.sandbox.control.faultsServed()).lost_answer).toBeGreaterThan(0);
    expect(await identities(prefix)).toEqual({ emails: [], groups: [] });
  });

  it('GIVEN existing users WHEN the create of a group with members loses its answer THEN the retry finds it: one group, its members, an empty second plan', async () => {
    // GIVEN the users applied, then a group of three of them added to the configuration
    const prefix = 'lostgrp';
    const tf = workspace();
    const users = `resource "apono_user" "u" {\n  count     = 3\n  email     = "${prefix}\${count.index}@example.com"\n  full_name = "User \${count.index}"\n}\n`;
    tf.write(users);
    await tf.apply();
    tf.write(
      `${users}resource "apono_group" "eng" {\n  name    = "${prefix}-eng"\n  members = apono_user.u[*].email\n}\n`,
    );

    // WHEN the next write (the group create) is applied and its answer lost
    await suite.sandbox.control.resetStats();
    await suite.sandbox.control.setFaults({ lost_answer_next: 1 });
    await tf.apply();

    // THEN the create was sent twice, and the group exists once with its three members
    expect(await suite.sandbox.control.faultsServed()).toEqual({ lost_answer: 1 });
    expect((await suite.sandbox.control.stats())['POST /api/admin/v1/groups']).toBe(2);
    expect((await identities(prefix)).groups).toEqual([`${prefix}-eng`]);
    const group = await suite.group(`${prefix}-eng`);
    expect(await suite.members(group!.id)).toEqual([0, 1, 2].map((i) => email(prefix, i)));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a new user WHEN her invitation loses its answer THEN the retry finds her: one user, an empty second plan', async () => {
    // GIVEN a user to invite, and an API that applies the next write and loses its answer
    const prefix = 'lostinv';
    const tf = workspace();
    tf.write(
      `resource "apono_user" "ada" {\n  email     = "${prefix}-ada@example.com"\n  full_name = "Ada Lovelace"\n}\n`,
    );
    await suite.sandbox.control.resetStats();
    await suite.sandbox.control.setFaults({ lost_answer_next: 1 });

    // WHEN it is applied
    await tf.apply();

    // THEN the invitation was sent twice, and she exists once
    expect(await suite.sandbox.control.faultsServed()).toEqual({ lost_answer: 1 });
    expect((await suite.sandbox.control.stats())['POST /api/admin/v3/users']).toBe(2);
    expect((await identities(prefix)).emails).toEqual([`${prefix}-ada@example.com`]);
    expect((await tf.plan()).code).toBe(0);
  });
});

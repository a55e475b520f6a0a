/**
 * apono_group members through the handlers the framework builds: members are read only when
 * managed, and a large change is one request with no read-back.
 */
import type { AponoClient } from '../../provider/client';
import { TfObject } from '../../provider/framework/types';
import { groupResource, memberWritesOf, newMembers } from '../../provider/resources/group';
import { apiGroup } from '../helpers/api-objects';
import { contextOf, sessionOf } from '../helpers/sessions';

type ClientStub = Partial<{ [K in keyof AponoClient]: Partial<AponoClient[K]> }>;

const emails = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `member-${from + i}@example.com`);

function groupState(members: string[] | null): TfObject {
  return { id: 'g_1', name: 'engineering', members, source: 'apono' };
}

/** A client whose group calls are jest mocks, counted by method. */
function countingClient(members: string[]) {
  const calls = {
    listMembers: jest.fn(async () => members),
    replaceMembers: jest.fn(async () => undefined),
    addMember: jest.fn(async () => undefined),
    removeMember: jest.fn(async () => undefined),
    create: jest.fn(async () => apiGroup()),
  };
  const client: ClientStub = {
    users: { listAll: async () => [] },
    groups: { ...calls, listAll: async () => [apiGroup()], get: async () => apiGroup() },
  };
  return { calls, session: sessionOf(contextOf(client)) };
}

describe('apono_group reads members only when they are managed', () => {
  it.each([
    ['members are null (not managed)', null, 0],
    ['members are a list (managed)', ['member-0@example.com'], 1],
  ])(
    'GIVEN a state whose %s WHEN read THEN they are listed only when managed',
    async (_name, members, lists) => {
      const { calls, session } = countingClient(['member-0@example.com']);
      const result = await groupResource.read(groupState(members), session);
      expect(calls.listMembers).toHaveBeenCalledTimes(lists);
      expect(result.state?.members).toEqual(members);
    },
  );

  it('GIVEN a group WHEN imported THEN its members are read into the state (the import cannot see the configuration)', async () => {
    const { calls, session } = countingClient(['member-0@example.com']);
    const result = await groupResource.importState('engineering', session);
    expect(result.state).toMatchObject({ id: 'g_1', members: ['member-0@example.com'] });
    expect(calls.listMembers).toHaveBeenCalledTimes(1);
  });

  it('GIVEN managed members WHEN an update plans them null THEN nothing is sent and the state holds null', async () => {
    const { calls, session } = countingClient(['member-0@example.com']);
    const prior = groupState(['member-0@example.com']);
    const planned = groupState(null);
    const result = await groupResource.apply({ prior, planned, config: planned }, session);
    expect(result.diagnostics ?? []).toEqual([]);
    expect(result.state?.members).toBeNull();
    for (const call of Object.values(calls)) expect(call).not.toHaveBeenCalled();
  });

  it('GIVEN members omitted WHEN created THEN the group starts empty and nothing is read back', async () => {
    const { calls, session } = countingClient([]);
    const planned = { ...groupState(null), id: null, source: 'apono' } as TfObject;
    const result = await groupResource.apply({ prior: null, planned, config: planned }, session);
    expect(result.diagnostics ?? []).toEqual([]);
    expect(calls.create).toHaveBeenCalledWith({ name: 'engineering', membersEmails: [] });
    expect(calls.listMembers).not.toHaveBeenCalled();
    expect(result.state?.members).toBeNull();
  });
});

describe('apono_group member writes', () => {
  it('GIVEN 10,000 members WHEN 100 change THEN one replace is sent and nothing is read back', async () => {
    const prior = emails(0, 10_000);
    const desired = [...emails(50, 10_000), ...emails(10_000, 10_050)];
    const { calls, session } = countingClient(desired);
    const result = await groupResource.apply(
      { prior: groupState(prior), planned: groupState(desired), config: groupState(desired) },
      session,
    );
    expect(result.diagnostics ?? []).toEqual([]);
    expect(calls.replaceMembers).toHaveBeenCalledTimes(1);
    expect(calls.listMembers).not.toHaveBeenCalled();
    expect(result.state?.members).toEqual(desired);
  });

  it.each([
    ['members were not managed', null, ['a@x.io'], { kind: 'replace', members: ['a@x.io'] }],
    ['members stop being managed', null, null, { kind: 'none' }],
    [
      'one member is added',
      ['a@x.io'],
      ['a@x.io', 'b@x.io'],
      { kind: 'single', add: ['b@x.io'], remove: [] },
    ],
  ])(
    'GIVEN %s WHEN the member writes are planned THEN they are the fewest that reach the list',
    (_name, prior, desired, expected) => {
      expect(memberWritesOf(prior, desired)).toEqual(expected);
    },
  );
});

describe('apono_group alias check of members', () => {
  it.each([
    ['members were not managed', null, ['a@x.io'], ['a@x.io']],
    ['a member is added', ['a@x.io'], ['A@x.io', 'b@x.io'], ['b@x.io']],
    ['members are only removed', ['a@x.io', 'b@x.io'], ['a@x.io'], []],
  ])(
    'GIVEN %s WHEN the plan checks aliases THEN it checks only members the state does not list',
    (_name, listed, configured, checked) => {
      expect(newMembers(listed, configured)).toEqual(checked);
    },
  );

  it('GIVEN 100 of 10,000 members removed WHEN planned THEN no user listing is read', async () => {
    const prior = emails(0, 10_000);
    const desired = emails(100, 10_000);
    const listUsers = jest.fn(async () => []);
    const session = sessionOf(
      contextOf({ users: { listAll: listUsers }, groups: { listAll: async () => [apiGroup()] } }),
    );
    const config = groupState(desired);
    const result = await groupResource.plan(
      { prior: groupState(prior), proposed: config, config: { ...config, id: null, source: null } },
      session,
    );
    expect(result.diagnostics ?? []).toEqual([]);
    expect(result.planned?.members).toEqual(desired);
    expect(listUsers).not.toHaveBeenCalled();
  });
});

describe('apono_group plan of members that become managed', () => {
  it('GIVEN members not managed WHEN the configuration sets them THEN the plan names the members it removes', async () => {
    const { session } = countingClient(['kept@x.io', 'outsider@x.io']);
    const config = groupState(['kept@x.io', 'new@x.io']);
    const result = await groupResource.plan(
      { prior: groupState(null), proposed: config, config: { ...config, id: null, source: null } },
      session,
    );
    expect(result.planned?.members).toEqual(['kept@x.io', 'new@x.io']);
    const warning = result.diagnostics?.find((d) => d.summary === 'Group members become managed');
    expect(warning?.detail).toContain('removes 1 member(s) not listed: "outsider@x.io"');
    expect(warning?.detail).toContain('adds "new@x.io"');
  });
});

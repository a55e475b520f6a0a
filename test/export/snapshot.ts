/** A small tenant snapshot for the export's unit tests: API shapes, as the client returns them. */
import type { Group, User } from '../../provider/client/types';
import type { TenantSnapshot } from '../../provider/export/model';

/** A user created in Apono, active, with the given fields over the defaults. */
export function aponoUser(fields: Partial<User> & Pick<User, 'email'>): User {
  return {
    id: `u-${fields.email}`,
    email_aliases: [],
    first_name: 'First',
    last_name: 'Last',
    active: true,
    roles: ['Grantee'],
    status: 'active',
    phone_number: null,
    ...fields,
  };
}

/** A user synced from the Okta integration. */
export function idpUser(email: string): User {
  return aponoUser({ email, source_integration_id: 'int-okta', source_integration_name: 'Okta' });
}

/** A group created in Apono. */
export function aponoGroup(name: string, id = `g-${name}`): Group {
  return { id, name, source_id: null, source_integration_id: null, source_integration_name: null };
}

/** A group synced from the Okta integration. */
export function idpGroup(name: string): Group {
  return {
    id: `g-${name}`,
    name,
    source_id: 'okta-1',
    source_integration_id: 'int-okta',
    source_integration_name: 'Okta',
  };
}

/** Ada (Admin, phone), Grace (two roles), an IdP user; engineering (Ada + the IdP user), an empty group and an IdP group. */
export function smallTenant(): TenantSnapshot {
  return {
    users: [
      idpUser('okta.user@example.com'),
      aponoUser({
        email: 'grace@example.com',
        first_name: 'Grace',
        last_name: 'Hopper',
        roles: ['Viewer', 'Deployment'],
      }),
      aponoUser({
        email: 'ada@example.com',
        first_name: 'Ada',
        last_name: 'Lovelace',
        roles: ['Admin'],
        phone_number: '+442079460958',
      }),
    ],
    groups: [
      { group: idpGroup('okta-engineering'), members: null },
      { group: aponoGroup('engineering', 'g1'), members: ['okta.user@example.com', 'Ada@example.com'] },
      { group: aponoGroup('empty', 'g2'), members: [] },
    ],
  };
}

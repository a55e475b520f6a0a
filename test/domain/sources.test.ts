import { identitySource, isFromSource, isIdpOwned, type Sourced } from '../../provider/domain/sources';

const APONO: Sourced = { source_integration_id: null, source_integration_name: null };
const OKTA: Sourced = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };
const UNNAMED: Sourced = { source_integration_id: 'int-scim', source_integration_name: null };
const NAME_ONLY: Sourced = { source_integration_name: 'Okta' };

describe('isFromSource: the source filter of the plural data sources', () => {
  it.each<[string, boolean, Sourced, string]>([
    ['an Apono identity, "apono"', true, APONO, 'apono'],
    ['an Apono identity, "Apono"', true, APONO, 'Apono'],
    ['an identity without source fields, "apono"', true, {}, 'apono'],
    ['an Apono identity, an integration name', false, APONO, 'Okta'],
    ['an IdP identity, its integration name', true, OKTA, 'Okta'],
    ['an IdP identity, its integration name in lower case', true, OKTA, 'okta'],
    ['an IdP identity, its integration id', true, OKTA, 'int-okta'],
    ['an IdP identity, "apono"', false, OKTA, 'apono'],
    ['an IdP identity, another integration', false, OKTA, 'Google'],
    ['an IdP identity without a name, its integration id', true, UNNAMED, 'INT-SCIM'],
  ])('GIVEN %s WHEN filtered THEN it matches: %s', (_case, expected, identity, source) => {
    expect(isFromSource(identity, source)).toBe(expected);
  });
});

describe('isIdpOwned and identitySource: where an identity comes from', () => {
  it.each<[string, Sourced, boolean, string]>([
    ['created in Apono (nulls)', APONO, false, 'apono'],
    ['created in Apono (fields absent, as the spec allows)', {}, false, 'apono'],
    ['from an IdP with a name', OKTA, true, 'Okta'],
    ['from an IdP without a name', UNNAMED, true, 'int-scim'],
    ['from an IdP with only the name (the spec makes the id optional)', NAME_ONLY, true, 'Okta'],
  ])(
    'GIVEN an identity %s WHEN asked THEN IdP-owned is %s and the source is %s',
    (_case, identity, owned, source) => {
      expect(isIdpOwned(identity)).toBe(owned);
      expect(identitySource(identity)).toBe(source);
    },
  );
});

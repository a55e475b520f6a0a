import { isFromSource, type Sourced } from '../../provider/domain/sources';

const APONO: Sourced = { source_integration_id: null, source_integration_name: null };
const OKTA: Sourced = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };
const UNNAMED: Sourced = { source_integration_id: 'int-scim', source_integration_name: null };

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

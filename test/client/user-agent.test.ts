import { USER_AGENT_PRODUCT, userAgent } from '../../provider/client/user-agent';

describe('userAgent', () => {
  it.each([
    [
      'a provider and a Terraform version',
      '0.1.0',
      '1.11.4',
      'terraform-provider-apono-ts/0.1.0 terraform/1.11.4',
    ],
    [
      'a pre-release Terraform',
      '0.1.0',
      '1.12.0-alpha20250319',
      'terraform-provider-apono-ts/0.1.0 terraform/1.12.0-alpha20250319',
    ],
    ['no Terraform version', '0.1.0', undefined, 'terraform-provider-apono-ts/0.1.0'],
    ['an empty Terraform version (an old Terraform)', '0.1.0', '', 'terraform-provider-apono-ts/0.1.0'],
    ['a Terraform version with a space', '0.1.0', '1.11 beta', 'terraform-provider-apono-ts/0.1.0'],
    [
      'a Terraform version with a line break',
      '0.1.0',
      '1.11.4\r\nX-Injected: 1',
      'terraform-provider-apono-ts/0.1.0',
    ],
    ['a Terraform version with a slash', '0.1.0', '1.11/4', 'terraform-provider-apono-ts/0.1.0'],
    [
      'a provider version that is not a token',
      '0.1.0 (dev)',
      '1.11.4',
      'terraform-provider-apono-ts terraform/1.11.4',
    ],
  ])('GIVEN %s WHEN the User-Agent is built THEN it is %j', (_name, provider, terraform, expected) => {
    expect(userAgent(provider, terraform)).toBe(expected);
  });

  it('GIVEN the product token WHEN compared with the official Go provider THEN it is not the same product', () => {
    // Apono's official provider sends terraform-provider-apono/<version>: its product token must differ.
    expect(USER_AGENT_PRODUCT).not.toBe('terraform-provider-apono');
    expect(userAgent('0.1.0', '1.11.4')).not.toMatch(/^terraform-provider-apono\//);
  });
});

/**
 * The User-Agent this client sends: a product token of its own (Apono's official Go provider sends
 * `terraform-provider-apono/<version>`, so Apono can tell the two apart), then the Terraform version
 * that runs it, when known.
 */

/** This provider's product token in the User-Agent. */
export const USER_AGENT_PRODUCT = 'terraform-provider-apono-ts';

/** The characters of an HTTP token (RFC 9110), less `/`, which separates product and version. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `name/version`, or `name` alone when the version is missing or is not a valid token. */
function product(name: string, version: string | null | undefined): string {
  return version !== null && version !== undefined && TOKEN.test(version) ? `${name}/${version}` : name;
}

/**
 * The User-Agent header for this provider at `providerVersion`, run by Terraform `terraformVersion`:
 * `terraform-provider-apono-ts/0.1.0 terraform/1.11.4`. A Terraform version that is empty or not a
 * valid token (it comes from outside) is left out rather than sent.
 */
export function userAgent(providerVersion: string, terraformVersion?: string | null): string {
  const self = product(USER_AGENT_PRODUCT, providerVersion);
  return terraformVersion !== null && terraformVersion !== undefined && TOKEN.test(terraformVersion)
    ? `${self} ${product('terraform', terraformVersion)}`
    : self;
}

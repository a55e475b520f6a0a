/**
 * Literal strings in the synthesized JSON: Terraform reads `${` and `%{` in any string of
 * cdk.tf.json as the start of a template, so a value meant literally must have them escaped.
 */
import { isUnresolvedString } from './identities';

/**
 * A value as Terraform must read it: a literal string gets `${` and `%{` doubled (`$${`, `%%{`);
 * a value holding a token is left as it is (cdktf renders tokens itself).
 */
export function terraformLiteral(value: string): string {
  if (isUnresolvedString(value)) return value;
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** {@link terraformLiteral} of an optional value. */
export function optionalTerraformLiteral(value: string | undefined): string | undefined {
  return value === undefined ? undefined : terraformLiteral(value);
}

/**
 * Terraform names for exported identities: valid identifiers derived from an email or a group
 * name, unique within one kind, and stable: they depend on the set of names only, never on the
 * order the API listed them in. Pure.
 */

/** A Terraform identifier: a letter or underscore, then letters, digits, underscores and dashes. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True when `name` can be a Terraform resource or data source name. */
export function isTerraformIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * The identifier a text suggests: lower case, accents dropped, every run of characters other than
 * `a-z`, `0-9`, `_` and `-` made one `_`, no `_` at either end; `fallback` when nothing is left,
 * and `prefix` in front when it would start with a digit or a dash.
 */
export function baseTerraformName(text: string, prefix: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = /^[\u0000-\u007f]*$/.test(text);
  const ascii = (plain ? text : text.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase();
  const name = ascii.replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') return fallback;
  return /^[0-9-]/.test(name) ? `${prefix}${name}` : name;
}

/** Code-unit order, the same on every machine and locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A unique identifier for each of `keys` (distinct texts, e.g. lower-cased emails). Keys are taken
 * in sorted order: the first key of a base name gets it as is, the next ones `<base>_2`, `<base>_3`
 * and so on, skipping any name that is some other key's base name or already taken.
 */
export function assignTerraformNames(
  keys: readonly string[],
  prefix: string,
  fallback: string,
): Map<string, string> {
  const sorted = [...new Set(keys)].sort(byCodeUnits);
  const bases = new Map(sorted.map((key) => [key, baseTerraformName(key, prefix, fallback)]));
  const reserved = new Set(bases.values());
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const key of sorted) {
    const base = bases.get(key)!;
    let name = base;
    if (taken.has(name)) {
      let suffix = 2;
      while (taken.has(`${base}_${suffix}`) || reserved.has(`${base}_${suffix}`)) suffix += 1;
      name = `${base}_${suffix}`;
    }
    taken.add(name);
    names.set(key, name);
  }
  return names;
}

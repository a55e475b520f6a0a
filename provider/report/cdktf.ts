/**
 * CDKTF's construct paths: the plan JSON names a CDKTF resource by its logical id
 * (`apono_user.Directory_Users_adaexamplecom_9606741A`), while the synthesized stack (cdk.tf.json)
 * records the construct path each logical id came from (`"//": {"metadata": {"path": ...}}`). The
 * report shows the path, without the stack's name, instead of the logical id.
 */
import { isRecord, parseJson, PlanFormatError } from './parse';

/** Terraform address (`type.logicalId`) -> construct path below the stack (`Directory/Users/ada@example.com`). */
export type ConstructPaths = ReadonlyMap<string, string>;

/** The name of the file CDKTF synthesizes for a stack. */
export const CDKTF_STACK_FILE = 'cdk.tf.json';

/** The construct path of a resource block of cdk.tf.json, without the stack's name, or null. */
function constructPath(block: unknown): string | null {
  if (!isRecord(block) || !isRecord(block['//']) || !isRecord(block['//']['metadata'])) return null;
  const path = block['//']['metadata']['path'];
  if (typeof path !== 'string') return null;
  const belowStack = path.slice(path.indexOf('/') + 1);
  return belowStack === '' ? null : belowStack;
}

/**
 * The construct paths of the managed resources of a synthesized CDKTF stack; throws
 * PlanFormatError when the text is not one.
 */
export function parseConstructPaths(text: string): ConstructPaths {
  const json = parseJson(text);
  if (!isRecord(json) || !isRecord(json['//'])) {
    throw new PlanFormatError(
      `not a synthesized CDKTF stack (no "//" metadata); give the stack's ${CDKTF_STACK_FILE}`,
    );
  }
  const paths = new Map<string, string>();
  const resources = isRecord(json['resource']) ? json['resource'] : {};
  for (const [type, blocks] of Object.entries(resources)) {
    if (!isRecord(blocks)) continue;
    for (const [logicalId, block] of Object.entries(blocks)) {
      const path = constructPath(block);
      if (path !== null) paths.set(`${type}.${logicalId}`, path);
    }
  }
  return paths;
}

/** CDKTF appends "_" and an 8-digit hex hash to the construct path of a resource's logical id. */
const CDKTF_HASH = /_[0-9A-F]{8}$/;

/** An address with CDKTF's construct hashes dropped from resource names. */
function withoutHashes(address: string): string {
  return address
    .split('.')
    .map((part) => {
      const keyAt = part.indexOf('[');
      const name = keyAt < 0 ? part : part.slice(0, keyAt);
      const key = keyAt < 0 ? '' : part.slice(keyAt);
      return name.replace(CDKTF_HASH, '') + key;
    })
    .join('.');
}

/** A root resource address (`type.name`), its instance key, and what follows (an attribute of a reference). */
const ROOT_RESOURCE = /^([^.[\]]+\.[^.[\]]+)(\[[^\]]*\])?(.*)$/;

/**
 * An address (or a reference into a resource) as a person reads it: the construct path of a CDKTF
 * resource when `paths` knows it (`Directory/Users/ada@example.com`, then any instance key and
 * attribute as Terraform writes them), else the address with CDKTF's construct hashes dropped.
 */
export function readableAddress(address: string, paths: ConstructPaths = new Map()): string {
  const match = ROOT_RESOURCE.exec(address);
  const path = match === null ? undefined : paths.get(match[1] ?? '');
  if (match !== null && path !== undefined) return `${path}${match[2] ?? ''}${match[3] ?? ''}`;
  return withoutHashes(address);
}

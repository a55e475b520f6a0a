/**
 * Moves from another resource type, or another provider's resource (`moved` blocks that change the
 * type): a resource declares the sources it accepts and how their stored state becomes its model.
 * Terraform calls MoveResourceState on a provider that is not configured, so a conversion is pure:
 * it reads the source state and sends nothing. The refresh of the plan that follows reads the object.
 */
import { errorDiagnostic } from './diagnostics';
import { Diagnostic, MoveRequest } from './types';

/** The source object of a move as its own provider stored it (its state JSON, parsed). */
export type SourceState = Readonly<Record<string, unknown>>;

/** A resource type of some provider whose objects this resource takes over with a `moved` block. */
export interface MoveSource<M> {
  /** The source provider's address as Terraform writes it, e.g. registry.terraform.io/apono-io/apono. */
  readonly provider: string;
  /** The source resource type, e.g. apono_managed_group. */
  readonly type: string;
  /** The schema version of the source state this conversion reads. */
  readonly schemaVersion: number;
  /** The source object as this resource's model; throws SourceStateError when it cannot read it. No I/O. */
  convert(source: SourceState): M;
}

/** A source state that does not have the shape its conversion reads. */
export class SourceStateError extends Error {
  override readonly name = 'SourceStateError';
}

/** Provider addresses compare case-insensitively, as Terraform compares them. */
function sameProvider(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** "apono_managed_group of registry.terraform.io/apono-io/apono". */
function sourceName(provider: string, type: string): string {
  return `${type} of ${provider}`;
}

/** The declared source a request moves from, or null. */
export function findMoveSource<M>(
  sources: ReadonlyArray<MoveSource<M>>,
  request: Pick<MoveRequest, 'sourceProvider' | 'sourceType'>,
): MoveSource<M> | null {
  return (
    sources.find(
      (source) => source.type === request.sourceType && sameProvider(source.provider, request.sourceProvider),
    ) ?? null
  );
}

/** The way to take an object over without a move; dropping only the moved block would destroy it. */
function takeOver(typeName: string): string {
  return (
    `Remove the moved block. To manage the object with ${typeName} without a move, first take the old ` +
    'resource out of the state without destroying it (a `removed` block with `lifecycle { destroy = false }`, ' +
    'or `terraform state rm`), then import the object (an import block or `terraform import`).'
  );
}

/** The error for a move from a source this resource does not declare, naming the ones it does. */
export function unsupportedMove(
  typeName: string,
  sources: ReadonlyArray<MoveSource<unknown>>,
  request: Pick<MoveRequest, 'sourceProvider' | 'sourceType'>,
): Diagnostic {
  const from = sourceName(request.sourceProvider, request.sourceType);
  const supported =
    sources.length === 0
      ? `${typeName} accepts no moved block from another resource type.`
      : `${typeName} accepts a moved block only from: ${sources.map((s) => sourceName(s.provider, s.type)).join('; ')}.`;
  return errorDiagnostic(
    `Cannot move ${request.sourceType} to ${typeName}`,
    `This provider cannot convert the state of ${from} into ${typeName}. ${supported} ${takeOver(typeName)}`,
  );
}

/** The error for a source state this conversion cannot read (another schema version, another shape). */
export function unreadableSource(typeName: string, source: MoveSource<unknown>, reason: string): Diagnostic {
  return errorDiagnostic(
    `Cannot move ${source.type} to ${typeName}`,
    `The stored state of ${sourceName(source.provider, source.type)} cannot be converted: ${reason}. ` +
      takeOver(typeName),
  );
}

/** A string attribute of a source state, which must be present and not empty. */
export function sourceString(source: SourceState, name: string): string {
  const value = source[name];
  if (typeof value !== 'string' || value === '') {
    throw new SourceStateError(
      `attribute "${name}" is ${value === undefined ? 'missing' : 'not a non-empty string'}`,
    );
  }
  return value;
}

/** A list or set of strings of a source state; null or absent is an empty list. */
export function sourceStrings(source: SourceState, name: string): string[] {
  const value = source[name] ?? null;
  if (value === null) return [];
  if (!Array.isArray(value) || !value.every((element) => typeof element === 'string')) {
    throw new SourceStateError(`attribute "${name}" is not a list of strings`);
  }
  return [...value];
}

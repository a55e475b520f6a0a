/**
 * Typed models <-> Terraform objects. Terraform values already arrive as plain JavaScript values
 * (protocol/values.ts shapes them after the schema), so a model is the same object seen through the
 * resource's TypeScript type; these functions give it exactly the declared attributes and check
 * what the types promise, so a resource never reads an attribute by string name.
 */
import { AnyAttribute } from './attributes';
import { AttributeTable } from './planner';
import { TfObject, TfType, TfValue, UNKNOWN } from './types';

/** A value that does not fit its declared type (a provider bug, never user input). */
export class ModelError extends Error {
  override readonly name = 'ModelError';
}

function fits(type: TfType, value: TfValue): boolean {
  if (value === null || value === UNKNOWN) return true;
  if (type === 'string') return typeof value === 'string';
  if (type === 'bool') return typeof value === 'boolean';
  if (type === 'number') return typeof value === 'number';
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') return Array.isArray(value) && value.every((e) => fits(inner, e));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (kind === 'map') return Object.values(value).every((element) => fits(inner, element));
  return Object.entries(inner).every(([name, fieldType]) => fits(fieldType, value[name] ?? null));
}

/** An object with exactly the declared attributes (absent ones null), each checked against its type. */
function shapeObject(attributes: AttributeTable, object: Readonly<Record<string, unknown>>): TfObject {
  const shaped: TfObject = {};
  for (const [name, attribute] of Object.entries(attributes) as Array<[string, AnyAttribute]>) {
    const value = (object[name] ?? null) as TfValue;
    if (!fits(attribute.type, value)) {
      throw new ModelError(
        `attribute ${name}: ${JSON.stringify(value)} does not fit ${JSON.stringify(attribute.type)}`,
      );
    }
    shaped[name] = value;
  }
  return shaped;
}

/** A Terraform object as the model `M` (its attributes are the model's fields). */
export function toModel<M>(attributes: AttributeTable, object: TfObject): M {
  return shapeObject(attributes, object) as unknown as M;
}

/** A model as a Terraform object. */
export function fromModel<M>(attributes: AttributeTable, model: M): TfObject {
  return shapeObject(attributes, model as unknown as Readonly<Record<string, unknown>>);
}

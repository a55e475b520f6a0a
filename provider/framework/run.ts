/**
 * What one provider process learns about the Terraform run it serves. Terraform starts one provider
 * process per walk (validate, plan, apply) and sends it every object of the state
 * (UpgradeResourceState) and every resource's plan, but never says which resource address a call is
 * for. From what it sees, the framework can still tell:
 *
 * - which remote objects the state manages: a create whose key is taken by such an object is the
 *   create half of a replacement (a tainted object is planned like a create, without its private
 *   data), not a conflict with an unmanaged object;
 * - when two plans of one run want one identity: two resources that declare one key, one that
 *   keeps an object another takes over, or one that destroys an object another takes over (an
 *   address renamed without a `moved` block). Claims make that an error whatever the order of the
 *   plans;
 * - which objects it created or adopted itself, so that destroying an older object with the same
 *   id (a membership replaced create-before-destroy) does not undo the new one.
 */

/** Who claims an identity key or an object in this run. */
export type Claimant =
  /** A plan that keeps the existing object `id`. */
  | { readonly kind: 'keep'; readonly id: string }
  /** A plan that destroys the object `id` (a deleted block, a key that left count or for_each). */
  | { readonly kind: 'destroy'; readonly id: string }
  /**
   * A plan that creates a new object, taking over `takes` when set (the object it replaces or
   * adopts). `explicit`: the replacement is known from the update half of the same resource's plan
   * (-replace, a requires-replace change), whose claim to keep the object it takes over.
   */
  | {
      readonly kind: 'create';
      readonly token: number;
      readonly takes: string | null;
      readonly explicit: boolean;
    };

/** The claim a new one collides with: on the identity key, or on the object. */
export interface ClaimConflict {
  readonly on: 'key' | 'object';
  /** What the earlier claimant does. */
  readonly by: Claimant['kind'];
}

function claimantKey(claimant: Claimant): string {
  return claimant.kind === 'create' ? `create:${claimant.token}` : `${claimant.kind}:${claimant.id}`;
}

/** The run as one provider process sees it. */
export class RunMemory {
  private readonly stateIds = new Map<string, Set<string>>();
  private readonly createdIds = new Map<string, Set<string>>();
  private readonly keyClaims = new Map<string, string>();
  private readonly objectClaims = new Map<string, string>();
  private nextToken = 1;

  /** A fresh claimant for a create plan. */
  creator(takes: string | null, explicit: boolean): Claimant {
    return { kind: 'create', token: this.nextToken++, takes, explicit };
  }

  /** Records that the state holds the object `id` of `typeName`. */
  noteInState(typeName: string, id: string): void {
    setOf(this.stateIds, typeName).add(id);
  }

  /** Records that the object `id` is gone (destroyed or forgotten). */
  forget(typeName: string, id: string): void {
    this.stateIds.get(typeName)?.delete(id);
  }

  /** True when the state of this run holds the object `id` of `typeName`. */
  isInState(typeName: string, id: string): boolean {
    return this.stateIds.get(typeName)?.has(id) ?? false;
  }

  /** Records that this process created (or adopted) the object `id`. */
  noteCreated(typeName: string, id: string): void {
    setOf(this.createdIds, typeName).add(id);
    this.noteInState(typeName, id);
  }

  /** True when this process created (or adopted) the object `id` of `typeName`. */
  wasCreated(typeName: string, id: string): boolean {
    return this.createdIds.get(typeName)?.has(id) ?? false;
  }

  /**
   * Records that a plan claims the identity `key` (null: not known, or none) and the object it
   * keeps, destroys or takes over. Returns the conflict, recording nothing, when another plan of
   * this run already claims the same key or object; null when the claim is recorded.
   */
  claim(typeName: string, key: string | null, claimant: Claimant): ClaimConflict | null {
    const who = claimantKey(claimant);
    const object = claimant.kind === 'create' ? claimant.takes : claimant.id;
    const keyEntry = key === null ? null : `${typeName}\n${key}`;
    const objectEntry = object === null ? null : `${typeName}\n${object}`;
    const takesOver =
      claimant.kind === 'create' && claimant.explicit && claimant.takes !== null
        ? `keep:${claimant.takes}`
        : null;
    const owner = (map: Map<string, string>, entry: string | null): string | null => {
      const found = entry === null ? undefined : map.get(entry);
      return found === undefined || found === who || found === takesOver ? null : found;
    };
    const keyOwner = owner(this.keyClaims, keyEntry);
    const objectOwner = owner(this.objectClaims, objectEntry);
    if (keyOwner !== null) return { on: 'key', by: kindOf(keyOwner) };
    if (objectOwner !== null) return { on: 'object', by: kindOf(objectOwner) };
    if (keyEntry !== null) this.keyClaims.set(keyEntry, who);
    if (objectEntry !== null) this.objectClaims.set(objectEntry, who);
    return null;
  }
}

function kindOf(owner: string): Claimant['kind'] {
  return owner.slice(0, owner.indexOf(':')) as Claimant['kind'];
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

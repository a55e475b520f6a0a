/**
 * What one provider process learns about the Terraform run it serves. Terraform starts one provider
 * process per walk (validate, plan, apply) and sends it every object of the state
 * (UpgradeResourceState) and every resource's plan, but never says which resource address a call is
 * for. From what it sees, the framework can still tell:
 *
 * - which remote objects the state manages: a create whose key is taken by such an object is the
 *   create half of a replacement (a tainted object is planned like a create, without its private
 *   data), not a conflict with an unmanaged object;
 * - when two resources of the configuration declare one identity (two plans claim one key, or one
 *   plan keeps an object that another plan replaces): "declared twice";
 * - which objects it created itself, so that destroying an older object with the same id (a
 *   membership replaced create-before-destroy) does not undo the new one.
 */

/** Who claims an identity key in this run. */
export type Claimant =
  /** A plan that keeps the existing object `id`. */
  | { readonly kind: 'keep'; readonly id: string }
  /**
   * A plan that creates a new object, replacing `replaces` when set. `explicit`: the replacement is
   * known from the update half of the same resource's plan (-replace, a requires-replace change),
   * whose claim to keep the object it takes over.
   */
  | {
      readonly kind: 'create';
      readonly token: number;
      readonly replaces: string | null;
      readonly explicit: boolean;
    };

function claimantKey(claimant: Claimant): string {
  return claimant.kind === 'keep' ? `keep:${claimant.id}` : `create:${claimant.token}`;
}

/** The run as one provider process sees it. */
export class RunMemory {
  private readonly stateIds = new Map<string, Set<string>>();
  private readonly createdIds = new Map<string, Set<string>>();
  private readonly keyClaims = new Map<string, string>();
  private readonly objectClaims = new Map<string, string>();
  private nextToken = 1;

  /** A fresh claimant for a create plan. */
  creator(replaces: string | null, explicit: boolean): Claimant {
    return { kind: 'create', token: this.nextToken++, replaces, explicit };
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

  /** True when this process created the object `id` of `typeName`. */
  wasCreated(typeName: string, id: string): boolean {
    return this.createdIds.get(typeName)?.has(id) ?? false;
  }

  /**
   * Records that a plan claims the identity `key` (and the object it keeps or replaces). Returns
   * false, recording nothing, when another plan of this run already claims the same key or object.
   */
  claim(typeName: string, key: string | null, claimant: Claimant): boolean {
    const who = claimantKey(claimant);
    const object = claimant.kind === 'keep' ? claimant.id : claimant.replaces;
    const keyEntry = key === null ? null : `${typeName}\n${key}`;
    const objectEntry = object === null ? null : `${typeName}\n${object}`;
    const takesOver =
      claimant.kind === 'create' && claimant.explicit && claimant.replaces !== null
        ? `keep:${claimant.replaces}`
        : null;
    const taken = (map: Map<string, string>, entry: string | null) => {
      const owner = entry === null ? undefined : map.get(entry);
      return owner !== undefined && owner !== who && owner !== takesOver;
    };
    if (taken(this.keyClaims, keyEntry) || taken(this.objectClaims, objectEntry)) return false;
    if (keyEntry !== null) this.keyClaims.set(keyEntry, who);
    if (objectEntry !== null) this.objectClaims.set(objectEntry, who);
    return true;
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

import { StateResult, TfObject } from './types';

/** The three writes of a resource, each given what it needs. */
export interface ResourceWrites<Ctx> {
  create(planned: TfObject, ctx: Ctx): Promise<StateResult>;
  update(prior: TfObject, planned: TfObject, ctx: Ctx): Promise<StateResult>;
  destroy(prior: TfObject, ctx: Ctx): Promise<StateResult>;
}

/** ApplyResourceChange by lifecycle rule: null planned = destroy, null prior = create, else update. */
export function applyChange<Ctx>(
  writes: ResourceWrites<Ctx>,
): (request: { prior: TfObject | null; planned: TfObject | null }, ctx: Ctx) => Promise<StateResult> {
  return async ({ prior, planned }, ctx) => {
    if (planned === null) return prior === null ? { state: null } : writes.destroy(prior, ctx);
    if (prior === null) return writes.create(planned, ctx);
    return writes.update(prior, planned, ctx);
  };
}

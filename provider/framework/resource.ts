/**
 * defineResource(): a resource declared with typed models and attribute behaviours becomes the
 * handler the protocol layer serves. The Terraform rules live here, once for every resource:
 * validation from the declarations, the default planner, replacement and taint (private data and
 * the run's memory of the state), "declared twice" detection, adoption of an existing object, the
 * apply guard (nothing is written while an input is unknown or null), consistency of results with
 * the plan and the prior state, and the mapping of every thrown error to a diagnostic. A resource
 * file states only what needs its remote service.
 */
import { Attributes, Config, InputBehaviour, isWhollyKnown, Planned, attributeSchema } from './attributes';
import { errorDiagnostic, hasErrors, Problem, warningDiagnostic } from './diagnostics';
import { fromModel, toModel } from './model';
import {
  AttributeTable,
  changedInputs,
  equivalentValues,
  planComputed,
  planInputs,
  preferSpelling,
  replacePaths,
} from './planner';
import { Session } from './session';
import {
  AttributePath,
  BlockSchema,
  Diagnostic,
  PlanResult,
  PrivateData,
  ResourceDefinition,
  StateResult,
  TfObject,
  TfValue,
} from './types';
import { pathText, unresolvedInputs, validateInputs } from './validation';

/** Every managed object has an id. */
export interface Identified {
  readonly id: string;
}

/** What a write produced: the object as the API shows it, and warnings worth reading. */
export interface Outcome<M> {
  readonly state: M;
  readonly warnings?: Diagnostic[];
}

/** A destroy that is half of a replacement. */
export interface Replacement {
  /** The identity key of the object that replaces the destroyed one (null when unknown). */
  readonly successorKey: string | null;
}

/**
 * What the remote service keeps unique for a resource (an email, a name). With it the framework
 * refuses a create whose key is taken (unless it replaces that object or adopts it) and detects
 * two resources that declare one identity.
 */
export interface Identity<A, M, Ctx> {
  /** The input that names the object, for messages and diagnostic paths. */
  readonly attribute: keyof A & string;
  /** How keys compare, for messages, e.g. "emails are compared case-insensitively". */
  readonly comparison?: string;
  /** The normalised key of a configuration, or null while it is not known. */
  key(config: Config<A>): string | null;
  /** The existing object that holds the configuration's key, if any (looked up when planning a create). */
  find?(config: Config<A>, ctx: Ctx): Promise<M | null>;
  /** Why Terraform cannot manage `existing` at all (e.g. an identity provider owns it), or null. */
  refusal?(existing: M): Refusal | null;
}

/** Why an object cannot be managed: `why` completes "Cannot import a user ...". */
export interface Refusal {
  readonly why: string;
  readonly detail: string;
}

/** The plan being made, as a resource's plan hook sees and adjusts it. */
export interface PlanDraft<A, M> {
  /** The prior state (refreshed), or null on create. */
  readonly prior: M | null;
  readonly config: Config<A>;
  /**
   * The planned object: inputs as the default planner set them (the hook may change them);
   * computed attributes are planned by the framework after the hook.
   */
  readonly planned: Planned<M>;
  /** The id of the object this plan replaces (a requires-replace change, the create half of -replace, taint), or null. */
  replacing(): string | null;
  /** The inputs whose planned value differs from the prior one (state-only ones excluded). */
  changed(): string[];
  /** Adds a diagnostic; an error stops the plan. */
  report(diagnostic: Diagnostic): void;
}

/** A managed resource: typed inputs `A`, typed state `M`, provider context `Ctx`. */
export interface Resource<A, M extends A & Identified, Ctx> {
  readonly typeName: string;
  readonly description: string;
  /** What one object is, in messages: "user" gives "reading a user". */
  readonly noun: string;
  readonly attributes: Attributes<A, M>;
  readonly identity?: Identity<A, M, Ctx>;
  /** Phrases for messages that beat the defaults ("creating a user"), e.g. `{ create: 'inviting a user' }`. */
  readonly actions?: Partial<Record<'plan' | 'create' | 'read' | 'update' | 'delete' | 'import', string>>;
  /** Cross-attribute checks of a configuration (each attribute's own rules are declared). No I/O. */
  validate?(config: Config<A>): Diagnostic[];
  /** What a plan needs from the remote side (refusals, aliases, notes for the reviewer). */
  modifyPlan?(draft: PlanDraft<A, M>, ctx: Ctx): Promise<void>;
  /** Refusals of a destroy (the prior state may be stale: Terraform plans an orphan before refreshing it). */
  planDestroy?(prior: M, ctx: Ctx): Promise<Diagnostic[]>;
  create(args: A, ctx: Ctx): Promise<Outcome<M>>;
  /** The object as the API shows it now, or null when it is gone. */
  read(state: M, ctx: Ctx): Promise<M | null>;
  update(prior: M, args: A, ctx: Ctx): Promise<Outcome<M>>;
  delete(prior: M, ctx: Ctx, replacement: Replacement | null): Promise<Diagnostic[] | void>;
  /** The object with this import id, or null when none exists. */
  importState(id: string, ctx: Ctx): Promise<M | null>;
}

/**
 * Thrown by a create when the remote service answers that the key is taken: a race with another
 * writer, or a create-before-destroy replacement of an object with the same key.
 */
export class AlreadyExistsError extends Error {
  constructor(readonly existingId?: string) {
    super('the object already exists');
    this.name = 'AlreadyExistsError';
  }
}

/** The framework's keys in private data. */
interface FrameworkPrivate {
  /** Written by every update plan and by creates that replace: the object replaced, the key of its successor. */
  readonly replaces?: { readonly id: string; readonly key: string | null };
  /** A create that adopts this existing object instead of creating one. */
  readonly adopts?: string;
}

function frameworkPrivate(data: PrivateData | null | undefined): FrameworkPrivate {
  const replaces = data?.replaces as { id?: unknown; key?: unknown } | undefined;
  const adopts = data?.adopts;
  return {
    ...(replaces !== undefined && typeof replaces.id === 'string'
      ? { replaces: { id: replaces.id, key: typeof replaces.key === 'string' ? replaces.key : null } }
      : {}),
    ...(typeof adopts === 'string' ? { adopts } : {}),
  };
}

function diagnosticsOf(error: unknown, session: Session<unknown>, action: string): Diagnostic[] {
  if (error instanceof Problem) return [...error.diagnostics];
  return [session.describeError(error, action)];
}

/** The wire schema of a resource or data source. */
export function blockSchema(description: string, attributes: AttributeTable): BlockSchema {
  return {
    version: 0,
    description,
    attributes: Object.fromEntries(
      Object.entries(attributes).map(([name, attribute]) => [name, attributeSchema(attribute)]),
    ),
  };
}

/** After a write: planned known values win; inputs keep the planned spelling when equivalent. */
export function settleApplied(attributes: AttributeTable, planned: TfObject, returned: TfObject): TfObject {
  const settled: TfObject = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const plannedValue = planned[name] ?? null;
    const value = returned[name] ?? null;
    if (attribute.role === 'computed') settled[name] = isWhollyKnown(plannedValue) ? plannedValue : value;
    else if (attribute.stateOnly) settled[name] = plannedValue;
    else settled[name] = isWhollyKnown(plannedValue) ? preferSpelling(attribute, value, plannedValue) : value;
  }
  return settled;
}

/** After a read: inputs keep the prior spelling when equivalent; state-only inputs keep their value. */
export function settleRead(attributes: AttributeTable, prior: TfObject, read: TfObject): TfObject {
  const settled: TfObject = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = read[name] ?? null;
    if (attribute.role === 'computed') settled[name] = value;
    else if (attribute.stateOnly) settled[name] = prior[name] ?? null;
    else settled[name] = preferSpelling(attribute, value, prior[name] ?? null);
  }
  return settled;
}

/**
 * The inputs set in the configuration whose value an existing object does not have: what stands
 * between a create and adopting that object. Unknown values are left to the apply-time plan.
 */
export function differingInputs(attributes: AttributeTable, config: TfObject, existing: TfObject): string[] {
  return Object.entries(attributes)
    .filter((entry): entry is [string, InputBehaviour] => entry[1].role === 'input' && !entry[1].stateOnly)
    .filter(
      ([name]) => config[name] !== null && config[name] !== undefined && isWhollyKnown(config[name] ?? null),
    )
    .filter(([name, attribute]) => !equivalentValues(attribute, config[name] ?? null, existing[name] ?? null))
    .map(([name]) => name);
}

function shown(value: TfValue): string {
  return JSON.stringify(value);
}

/** Builds the protocol-level handler of a typed resource declaration. */
export function defineResource<A, M extends A & Identified, Ctx>(
  resource: Resource<A, M, Ctx>,
): ResourceDefinition<Session<Ctx>> {
  const table = resource.attributes as unknown as AttributeTable;
  const { typeName, identity, noun } = resource;
  const action = (hook: 'plan' | 'create' | 'read' | 'update' | 'delete' | 'import'): string =>
    resource.actions?.[hook] ??
    {
      plan: `planning a ${noun}`,
      create: `creating a ${noun}`,
      read: `reading a ${noun}`,
      update: `updating a ${noun}`,
      delete: `deleting a ${noun}`,
      import: `importing a ${noun}`,
    }[hook];
  const model = (object: TfObject): M => toModel<M>(table, object);
  const object = (value: M): TfObject => fromModel(table, value);
  const args = (planned: TfObject): A => toModel<A>(table, planned);
  const keyOf = (config: TfObject): string | null => identity?.key(config as unknown as Config<A>) ?? null;
  const keyValue = (config: TfObject): string =>
    identity === undefined ? '' : String(config[identity.attribute] ?? '');

  function validate(config: TfObject): Diagnostic[] {
    return [...validateInputs(table, config), ...(resource.validate?.(config as unknown as Config<A>) ?? [])];
  }

  function alreadyExists(config: TfObject, session: Session<Ctx>, reason: string): Diagnostic {
    const attribute = identity?.attribute ?? 'id';
    const value = keyValue(config);
    const comparison = identity?.comparison === undefined ? '' : ` (${identity.comparison})`;
    return errorDiagnostic(
      `A ${noun} with this ${attribute} already exists in ${session.service}`,
      `A ${noun} with the ${attribute} "${value}" already exists in ${session.service}${comparison}.\n\n${reason}`,
      [attribute],
    );
  }

  function waysOut(config: TfObject, session: Session<Ctx>): string {
    const value = keyValue(config);
    return (
      `To manage it with Terraform, import it instead of creating it, with an import block:\n\n` +
      `  import {\n    to = ${typeName}.<name>\n    id = "${value}"\n  }\n\n` +
      `or the command \`terraform import ${typeName}.<name> ${value}\`. If it is exactly what this ` +
      `configuration describes (for example an object left behind by an interrupted apply), set ` +
      `${session.adoption.howToEnable} to adopt it instead.`
    );
  }

  /**
   * A create whose key is taken by `existing`: the object it replaces, a tainted object of the
   * state, an object to adopt, or a conflict.
   */
  function collision(
    existing: M,
    config: TfObject,
    replacing: string | null,
    session: Session<Ctx>,
  ): { inferred?: string; adopts?: M; diagnostics: Diagnostic[] } {
    if (existing.id === replacing) return { diagnostics: [] };
    if (session.run.isInState(typeName, existing.id)) return { inferred: existing.id, diagnostics: [] };
    const refusal = identity?.refusal?.(existing) ?? null;
    if (refusal !== null) return { diagnostics: [alreadyExists(config, session, refusal.detail)] };
    if (!session.adoption.enabled)
      return { diagnostics: [alreadyExists(config, session, waysOut(config, session))] };
    const current = object(existing);
    const differences = differingInputs(table, config, current);
    if (differences.length > 0) {
      const list = differences
        .map(
          (name) =>
            `${name} (${session.service}: ${shown(current[name] ?? null)}, configuration: ${shown(config[name] ?? null)})`,
        )
        .join(', ');
      return {
        diagnostics: [
          alreadyExists(
            config,
            session,
            `It is not adopted although ${session.adoption.howToEnable} is set, because it differs from the ` +
              `configuration in: ${list}. Import it to manage it as it is, or change the configuration to match.`,
          ),
        ],
      };
    }
    const attribute = identity?.attribute ?? 'id';
    return {
      adopts: existing,
      diagnostics: [
        warningDiagnostic(
          `An existing ${session.service} ${noun} will be adopted`,
          `The ${noun} with the ${attribute} "${keyValue(config)}" (id ${existing.id}) already exists in ` +
            `${session.service} and matches this configuration: applying records it in the Terraform state ` +
            `instead of creating it (${session.adoption.howToEnable}).`,
          [attribute],
        ),
      ],
    };
  }

  async function planDestroy(prior: TfObject, session: Session<Ctx>): Promise<PlanResult> {
    const diagnostics = (await resource.planDestroy?.(model(prior), session.ctx)) ?? [];
    return { planned: null, diagnostics, plannedPrivate: {} };
  }

  async function plan(
    prior: TfObject | null,
    config: TfObject,
    priorPrivate: FrameworkPrivate,
    session: Session<Ctx>,
  ): Promise<PlanResult> {
    const diagnostics = validate(config);
    if (hasErrors(diagnostics)) return { planned: null, diagnostics };
    const planned = planInputs(table, prior, config);
    // The create half of a replacement knows the replaced object from the update half's private data.
    const explicit = prior === null ? (priorPrivate.replaces?.id ?? null) : null;
    let inferred: string | null = null;
    let adopts: M | null = null;
    if (prior === null && identity?.find !== undefined && keyOf(config) !== null) {
      const existing = await identity.find(config as unknown as Config<A>, session.ctx);
      if (existing !== null) {
        const found = collision(existing, config, explicit, session);
        diagnostics.push(...found.diagnostics);
        if (hasErrors(diagnostics)) return { planned: null, diagnostics };
        inferred = found.inferred ?? null;
        adopts = found.adopts ?? null;
      }
    }
    const replacing = (): string | null => {
      if (prior === null) return explicit ?? inferred;
      return replacePaths(table, prior, planned).length > 0 ? String(prior.id) : null;
    };
    const draft: PlanDraft<A, M> = {
      prior: prior === null ? null : model(prior),
      config: config as unknown as Config<A>,
      planned: planned as unknown as Planned<M>,
      replacing,
      changed: () => (prior === null ? [] : changedInputs(table, prior, planned)),
      report: (diagnostic) => void diagnostics.push(diagnostic),
    };
    await resource.modifyPlan?.(draft, session.ctx);
    if (hasErrors(diagnostics)) return { planned: null, diagnostics };

    const requiresReplace = prior === null ? [] : replacePaths(table, prior, planned);
    Object.assign(planned, planComputed(table, prior, prior === null || requiresReplace.length > 0));
    if (adopts !== null) {
      // The adopted object's own values for what the configuration leaves unmanaged, and its id.
      const current = object(adopts);
      for (const [name, attribute] of Object.entries(table)) {
        if (attribute.role === 'input' && attribute.presence === 'optional-computed' && config[name] === null)
          planned[name] = current[name] ?? null;
      }
      planned.id = adopts.id;
    }

    const key = keyOf(config);
    const claimant =
      prior === null
        ? session.run.creator(replacing(), explicit !== null)
        : requiresReplace.length === 0
          ? ({ kind: 'keep', id: String(prior.id) } as const)
          : null;
    if (identity !== undefined && claimant !== null && !session.run.claim(typeName, key, claimant)) {
      const value = keyValue(config);
      const comparison = identity.comparison === undefined ? '' : ` (${identity.comparison})`;
      diagnostics.push(
        errorDiagnostic(
          `The ${noun} "${value}" is declared twice in this configuration`,
          `Another resource of this configuration also declares the ${session.service} ${noun} with the ` +
            `${identity.attribute} "${value}"${comparison}: two resources would manage one ${noun}. Declare it ` +
            `once, and where other resources need it, reference that resource's attributes ` +
            `(e.g. ${typeName}.<name>.${identity.attribute}).`,
          [identity.attribute],
        ),
      );
      return { planned: null, diagnostics };
    }

    const replacedId = prior === null ? replacing() : String(prior.id);
    const plannedPrivate: FrameworkPrivate = {
      ...(replacedId === null ? {} : { replaces: { id: replacedId, key } }),
      ...(adopts === null ? {} : { adopts: adopts.id }),
    };
    return {
      planned,
      ...(requiresReplace.length > 0 ? { requiresReplace } : {}),
      plannedPrivate: plannedPrivate as PrivateData,
      diagnostics,
    };
  }

  function unresolved(planned: TfObject): Diagnostic[] {
    return unresolvedInputs(table, planned).map((name) =>
      errorDiagnostic(
        `Invalid ${name}`,
        `${pathText([name])} must be known and must not be null (nor hold null elements) when applying; nothing was sent.`,
        [name] as AttributePath,
      ),
    );
  }

  async function adopt(existingId: string, planned: TfObject, session: Session<Ctx>): Promise<StateResult> {
    const existing = await resource.importState(existingId, session.ctx);
    const current = existing === null ? null : object(existing);
    if (current === null || differingInputs(table, planned, current).length > 0) {
      return {
        state: null,
        diagnostics: [
          errorDiagnostic(
            `The ${session.service} ${noun} to adopt changed since the plan`,
            `The ${noun} ${existingId} ${current === null ? 'no longer exists' : 'no longer matches the configuration'}; plan again.`,
          ),
        ],
      };
    }
    session.run.noteCreated(typeName, existingId);
    return { state: settleApplied(table, planned, current) };
  }

  async function apply(
    prior: TfObject | null,
    planned: TfObject | null,
    privateData: FrameworkPrivate,
    session: Session<Ctx>,
  ): Promise<StateResult> {
    if (planned === null) {
      if (prior === null) return { state: null };
      const id = String(prior.id);
      // An object with this id was created by this run (a create-before-destroy replacement of an
      // object whose id is its key): deleting the old one would undo the new one.
      if (session.run.wasCreated(typeName, id)) return { state: null };
      try {
        const replacement =
          privateData.replaces === undefined ? null : { successorKey: privateData.replaces.key };
        const warnings = (await resource.delete(model(prior), session.ctx, replacement)) ?? [];
        session.run.forget(typeName, id);
        return { state: null, diagnostics: warnings };
      } catch (error) {
        return {
          state: prior,
          diagnostics: diagnosticsOf(error, session as Session<unknown>, action('delete')),
        };
      }
    }
    const problems = unresolved(planned);
    if (problems.length > 0) return { state: prior, diagnostics: problems };
    if (prior === null) {
      try {
        if (privateData.adopts !== undefined) return await adopt(privateData.adopts, planned, session);
        const outcome = await resource.create(args(planned), session.ctx);
        session.run.noteCreated(typeName, outcome.state.id);
        return {
          state: settleApplied(table, planned, object(outcome.state)),
          diagnostics: outcome.warnings ?? [],
        };
      } catch (error) {
        if (error instanceof AlreadyExistsError) {
          const managed = error.existingId !== undefined && session.run.isInState(typeName, error.existingId);
          const reason = managed
            ? `It is in this Terraform state under another resource address, or it is the object this ` +
              `one replaces with create_before_destroy, which ${session.service} cannot hold twice: remove ` +
              `create_before_destroy, or use a moved block when the ${noun} moved to another address.`
            : waysOut(planned, session);
          return { state: null, diagnostics: [alreadyExists(planned, session, reason)] };
        }
        return {
          state: null,
          diagnostics: diagnosticsOf(error, session as Session<unknown>, action('create')),
        };
      }
    }
    try {
      const outcome = await resource.update(model(prior), args(planned), session.ctx);
      return {
        state: settleApplied(table, planned, object(outcome.state)),
        diagnostics: outcome.warnings ?? [],
      };
    } catch (error) {
      return {
        state: prior,
        diagnostics: diagnosticsOf(error, session as Session<unknown>, action('update')),
      };
    }
  }

  return {
    typeName,
    schema: blockSchema(resource.description, table),
    validate,
    async plan(request, session) {
      try {
        if (request.proposed === null || request.config === null) {
          return request.prior === null ? { planned: null } : await planDestroy(request.prior, session);
        }
        return await plan(request.prior, request.config, frameworkPrivate(request.priorPrivate), session);
      } catch (error) {
        return {
          planned: null,
          diagnostics: diagnosticsOf(error, session as Session<unknown>, action('plan')),
        };
      }
    },
    apply: (request, session) =>
      apply(request.prior, request.planned, frameworkPrivate(request.plannedPrivate), session),
    async read(state, session) {
      try {
        const current = await resource.read(model(state), session.ctx);
        if (current === null) {
          session.run.forget(typeName, String(state.id));
          return { state: null };
        }
        session.run.noteInState(typeName, current.id);
        return { state: settleRead(table, state, object(current)) };
      } catch (error) {
        return { state, diagnostics: diagnosticsOf(error, session as Session<unknown>, action('read')) };
      }
    },
    async importState(id, session) {
      try {
        const found = await resource.importState(id, session.ctx);
        // Terraform's own words follow for a null state: "Cannot import non-existent remote object".
        if (found === null) return { state: null };
        const refusal = identity?.refusal?.(found) ?? null;
        if (refusal !== null) {
          throw new Problem(errorDiagnostic(`Cannot import a ${noun} ${refusal.why}`, refusal.detail));
        }
        const imported = object(found);
        for (const [name, attribute] of Object.entries(table)) {
          if (attribute.role === 'input' && attribute.stateOnly) imported[name] = null;
        }
        session.run.noteInState(typeName, found.id);
        return { state: imported };
      } catch (error) {
        return {
          state: null,
          diagnostics: diagnosticsOf(error, session as Session<unknown>, action('import')),
        };
      }
    },
    noteStateObject(state, session) {
      if (typeof state.id === 'string') session.run.noteInState(typeName, state.id);
    },
  };
}

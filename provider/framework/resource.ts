/**
 * defineResource(): a resource declared with typed models and attribute behaviours becomes the
 * handler the protocol layer serves. The Terraform rules live here, once for every resource:
 * validation from the declarations, the default planner, replacement and taint (private data and
 * the run's memory of the state), claims ("declared twice", a renamed address without `moved`),
 * adoption of an existing object, refusals of objects Terraform may not manage, the apply guard
 * (nothing is written while an input is unknown or null), the resource's veto of a planned write,
 * consistency of results with the plan and the prior state, and the mapping of every thrown error
 * to a diagnostic. A resource file states only what needs its remote service.
 */
import { attributeSchema, Attributes, Config, InputBehaviour, isWhollyKnown, Planned } from './attributes';
import { errorDiagnostic, hasErrors, Problem, warningDiagnostic } from './diagnostics';
import { fromModel, toModel } from './model';
import { findMoveSource, MoveSource, SourceStateError, unreadableSource, unsupportedMove } from './move';
import {
  AttributeTable,
  changedInputs,
  equivalentValues,
  planComputed,
  planInputs,
  preferSpelling,
  replacePaths,
} from './planner';
import { ClaimConflict } from './run';
import { Session } from './session';
import {
  AttributePath,
  BlockSchema,
  Diagnostic,
  MoveRequest,
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

/** A destroy that is half of a replacement (destroy-then-create: the create comes next in the run). */
export interface Replacement {
  /** The identity key of the object that replaces the destroyed one (null when unknown). */
  readonly successorKey: string | null;
}

/** Why an object cannot be managed: `why` completes "Cannot update a user ...". */
export interface Refusal {
  readonly why: string;
  readonly detail: string;
}

/**
 * What the remote service keeps unique for a resource (an email, a name). With it the framework
 * refuses a create whose key is taken (unless it replaces that object or adopts it) and detects
 * two resources that want one identity.
 */
export interface Identity<A, M, Ctx> {
  /** The input that names the object, for messages and diagnostic paths. */
  readonly attribute: keyof A & string;
  /** How keys compare, for messages, e.g. "emails are compared case-insensitively". */
  readonly comparison?: string;
  /** The normalised key of a configuration, or null while it is not known. */
  key(config: Config<A>): string | null;
  /** The existing object named `value` (the identity attribute's known value), if any. */
  find?(value: string, ctx: Ctx): Promise<M | null>;
  /**
   * Why Terraform cannot manage `existing` at all (e.g. an identity provider owns it), or null. The
   * framework refuses to import, update, replace or delete such an object, before anything is sent.
   */
  refusal?(existing: M): Refusal | null;
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
  /** The identity key of the planned object, or null while it is not known. */
  key(): string | null;
  /** The inputs whose planned value differs from the prior one (state-only ones excluded). */
  changed(): string[];
  /** Adds a diagnostic; an error stops the plan. */
  report(diagnostic: Diagnostic): void;
}

/**
 * What a plan will send to the remote service: a create, an in-place update, a replacement (a
 * delete and a create) or a delete. Plans that send nothing (no change, a change of state-only
 * inputs, a destroy that only forgets, an adoption) are not writes.
 */
export type PlannedWrite = 'create' | 'update' | 'replace' | 'delete';

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
  /** What a plan needs from the remote side (aliases, notes for the reviewer). */
  modifyPlan?(draft: PlanDraft<A, M>, ctx: Ctx): Promise<void>;
  /** True when destroying `prior` only forgets it (e.g. keep_on_destroy): nothing is sent then. */
  forgetsOnDestroy?(prior: M): boolean;
  /**
   * Whether the remote service accepts a write this plan would send (e.g. the API lacks the
   * endpoints): asked last, once a plan is known to write, before anything is sent. An error
   * diagnostic fails the plan.
   */
  checkPlannedWrite?(write: PlannedWrite, ctx: Ctx): Promise<Diagnostic[]>;
  /**
   * False when an in-place update that changes the inputs `changed` sends nothing to the remote
   * service (it only changes what the state records), so checkPlannedWrite is not asked. Pure.
   */
  updateSends?(prior: M, planned: Planned<M>, changed: readonly string[]): boolean;
  create(args: A, ctx: Ctx): Promise<Outcome<M>>;
  /** The object as the API shows it now, or null when it is gone. */
  read(state: M, ctx: Ctx): Promise<M | null>;
  update(prior: M, args: A, ctx: Ctx): Promise<Outcome<M>>;
  delete(prior: M, ctx: Ctx, replacement: Replacement | null): Promise<Diagnostic[] | void>;
  /** The object with this import id, or null when none exists. */
  importState(id: string, ctx: Ctx): Promise<M | null>;
  /** Resource types (of this or another provider) whose objects a `moved` block may turn into this one. */
  readonly moveFrom?: ReadonlyArray<MoveSource<M>>;
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
  /**
   * What a replacement made from this plan replaces: the object, and the key of its successor.
   * Every update plan writes it (Terraform does not tell the provider when -replace forces a
   * replacement); the create half of a replacement reads it, and so does the destroy of the old
   * object, which gets the replacement's planned private data.
   */
  readonly replacement?: { readonly of: string; readonly successorKey: string | null };
  /** A create that adopts this existing object instead of creating one. */
  readonly adopts?: string;
}

function frameworkPrivate(data: PrivateData | null | undefined): FrameworkPrivate {
  const replacement = data?.replacement as { of?: unknown; successorKey?: unknown } | undefined;
  const adopts = data?.adopts;
  return {
    ...(replacement !== undefined && typeof replacement.of === 'string'
      ? {
          replacement: {
            of: replacement.of,
            successorKey: typeof replacement.successorKey === 'string' ? replacement.successorKey : null,
          },
        }
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
    else if (attribute.stateOnly || isUnmanaged(attribute, plannedValue)) settled[name] = plannedValue;
    else settled[name] = isWhollyKnown(plannedValue) ? preferSpelling(attribute, value, plannedValue) : value;
  }
  return settled;
}

/** An optional-computed input planned null: omitted and not managed, so the state keeps null. */
function isUnmanaged(attribute: InputBehaviour, planned: TfValue): boolean {
  return attribute.presence === 'optional-computed' && planned === null;
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
 * The inputs whose planned value (defaults of a create applied, null where omitted) an existing
 * object does not have: what stands between a create and adopting that object. Values not known
 * yet are left to the plan Terraform makes again at apply.
 */
function differingInputs(attributes: AttributeTable, planned: TfObject, existing: TfObject): string[] {
  return Object.entries(attributes)
    .filter((entry): entry is [string, InputBehaviour] => entry[1].role === 'input' && !entry[1].stateOnly)
    .filter(
      ([name, attribute]) =>
        isWhollyKnown(planned[name] ?? null) && !isUnmanaged(attribute, planned[name] ?? null),
    )
    .filter(
      ([name, attribute]) => !equivalentValues(attribute, planned[name] ?? null, existing[name] ?? null),
    )
    .map(([name]) => name);
}

function shown(value: TfValue): string {
  return JSON.stringify(value);
}

/** The write a create or update plan sends, or null when it sends nothing (an adoption, no change). */
export function plannedWrite(plan: {
  readonly creates: boolean;
  readonly adopts: boolean;
  readonly replaces: boolean;
  /** Inputs other than state-only ones change. */
  readonly changes: boolean;
}): PlannedWrite | null {
  if (plan.creates) return plan.adopts ? null : 'create';
  if (plan.replaces) return 'replace';
  return plan.changes ? 'update' : null;
}

/** Advice that works for a whole resource and for one instance of count or for_each. */
function stopManaging(typeName: string): string {
  return (
    'To stop managing it with Terraform without deleting it, use a `removed` block with ' +
    '`lifecycle { destroy = false }` for a whole resource, or, for one instance of count or for_each ' +
    `(a removed block cannot name an instance), run \`terraform state rm '${typeName}.<name>["key"]'\`.`
  );
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
  const attributeOf = (): string => identity?.attribute ?? 'id';
  const keyValue = (config: TfObject): string => String(config[attributeOf()] ?? '');

  function validate(config: TfObject): Diagnostic[] {
    return [...validateInputs(table, config), ...(resource.validate?.(config as unknown as Config<A>) ?? [])];
  }

  /** The refusal of an object, as the error of an operation ("update", "replace", "delete"). */
  function refused(existing: M | null, operation: string): Diagnostic[] {
    const refusal = existing === null ? null : (identity?.refusal?.(existing) ?? null);
    if (refusal === null) return [];
    const advice = operation === 'import' ? '' : ` ${stopManaging(typeName)}`;
    return [errorDiagnostic(`Cannot ${operation} a ${noun} ${refusal.why}`, `${refusal.detail}${advice}`)];
  }

  function alreadyExists(config: TfObject, session: Session<Ctx>, reason: string): Diagnostic {
    const attribute = attributeOf();
    const comparison = identity?.comparison === undefined ? '' : ` (${identity.comparison})`;
    return errorDiagnostic(
      `A ${noun} with this ${attribute} already exists in ${session.service}`,
      `A ${noun} with the ${attribute} "${keyValue(config)}" already exists in ${session.service}${comparison}.\n\n${reason}`,
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
      `${session.adoption.howToEnable} to adopt it instead. If another address of this configuration ` +
      'managed it until now (a resource renamed without a `moved` block), add a `moved` block instead.'
    );
  }

  /** The error of a claim that collides with another plan of this run. */
  function conflictDiagnostic(
    conflict: ClaimConflict,
    config: TfObject | null,
    session: Session<Ctx>,
  ): Diagnostic {
    const attribute = attributeOf();
    const value = config === null ? '' : keyValue(config);
    const comparison = identity?.comparison === undefined ? '' : ` (${identity.comparison})`;
    if (conflict.on === 'key') {
      return errorDiagnostic(
        `The ${noun} "${value}" is declared twice in this configuration`,
        `Another resource of this configuration also declares the ${session.service} ${noun} with the ` +
          `${attribute} "${value}"${comparison}: two resources would manage one ${noun}. Declare it once, and ` +
          `where other resources need it, reference that resource's attributes (e.g. ${typeName}.<name>.${attribute}).`,
        [attribute],
      );
    }
    if (conflict.by === 'destroy' || config === null) {
      return errorDiagnostic(
        `This plan destroys a ${noun} that another resource takes over`,
        `One resource address of this plan destroys the ${session.service} ${noun} that another address ` +
          `creates again (a resource renamed, or a key moved in count or for_each, without a \`moved\` block). ` +
          'Terraform does not order the two. Add a `moved` block from the old address to the new one.',
        config === null ? undefined : [attribute],
      );
    }
    return errorDiagnostic(
      `The ${noun} "${value}" is held by another resource of this configuration`,
      `Another resource of this configuration keeps the ${session.service} ${noun} that this one would take ` +
        `over${comparison}: the other one names it by an alias, or this plan renames it. Two resources ` +
        'cannot manage one object: if the other is renamed, apply that first and this one after; otherwise ' +
        'declare it once.',
      [attribute],
    );
  }

  /**
   * A create whose key is taken by `existing`: the object it replaces, a tainted object of the
   * state, an object to adopt, or a conflict.
   */
  function collision(
    existing: M,
    planned: TfObject,
    explicit: string | null,
    session: Session<Ctx>,
  ): { inferred?: string; adopts?: M; diagnostics: Diagnostic[] } {
    if (existing.id === explicit) return { diagnostics: [] };
    if (session.run.isInState(typeName, existing.id)) return { inferred: existing.id, diagnostics: [] };
    const refusal = identity?.refusal?.(existing) ?? null;
    if (refusal !== null) return { diagnostics: [alreadyExists(planned, session, refusal.detail)] };
    // A replacement's new object never adopts: the existing one is someone else's.
    if (!session.adoption.enabled || explicit !== null) {
      return { diagnostics: [alreadyExists(planned, session, waysOut(planned, session))] };
    }
    const current = object(existing);
    const differences = differingInputs(table, planned, current);
    if (differences.length > 0) {
      const list = differences
        .map(
          (name) =>
            `${name} (${session.service}: ${shown(current[name] ?? null)}, configuration: ${shown(planned[name] ?? null)})`,
        )
        .join(', ');
      const reason =
        `It is not adopted although ${session.adoption.howToEnable} is set, because it differs from what ` +
        `this configuration would create in: ${list}. Import it to manage it as it is, or change the ` +
        'configuration to match.';
      return { diagnostics: [alreadyExists(planned, session, reason)] };
    }
    return {
      adopts: existing,
      diagnostics: [
        warningDiagnostic(
          `An existing ${session.service} ${noun} will be adopted`,
          `The ${noun} with the ${attributeOf()} "${keyValue(planned)}" (id ${existing.id}) already exists in ` +
            `${session.service} and is what this configuration would create: applying records it in the ` +
            `Terraform state instead of creating it (${session.adoption.howToEnable}).`,
          [attributeOf()],
        ),
      ],
    };
  }

  /** The resource's veto of a write the plan would send (none when it has no check). */
  async function writeChecked(write: PlannedWrite | null, session: Session<Ctx>): Promise<Diagnostic[]> {
    if (write === null || resource.checkPlannedWrite === undefined) return [];
    return resource.checkPlannedWrite(write, session.ctx);
  }

  async function planDestroy(prior: TfObject, session: Session<Ctx>): Promise<PlanResult> {
    const current = model(prior);
    if (resource.forgetsOnDestroy?.(current) === true) return { planned: null, plannedPrivate: {} };
    // Terraform plans the destroy of a deleted block before refreshing it: ask the API, not the state.
    const live = identity?.refusal === undefined ? null : await resource.read(current, session.ctx);
    const diagnostics = refused(live ?? current, 'delete');
    if (diagnostics.length === 0) diagnostics.push(...(await writeChecked('delete', session)));
    if (!hasErrors(diagnostics)) {
      const conflict = session.run.claim(typeName, null, { kind: 'destroy', id: current.id });
      if (conflict !== null) diagnostics.push(conflictDiagnostic(conflict, null, session));
    }
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
    const key = keyOf(config);
    // The create half of a replacement knows the replaced object from the update half's private data.
    const explicit = prior === null ? (priorPrivate.replacement?.of ?? null) : null;
    let inferred: string | null = null;
    let adopts: M | null = null;
    if (prior === null && identity?.find !== undefined && key !== null) {
      const existing = await identity.find(keyValue(config), session.ctx);
      if (existing !== null) {
        const found = collision(existing, planned, explicit, session);
        diagnostics.push(...found.diagnostics);
        if (hasErrors(diagnostics)) return { planned: null, diagnostics };
        inferred = found.inferred ?? null;
        adopts = found.adopts ?? null;
      }
    }
    const replaced = explicit ?? inferred;
    if (replaced !== null && identity?.refusal !== undefined) {
      diagnostics.push(...refused(await resource.importState(replaced, session.ctx), 'replace'));
      if (hasErrors(diagnostics)) return { planned: null, diagnostics };
    }
    const replacing = (): string | null => {
      if (prior === null) return replaced;
      return replacePaths(table, prior, planned).length > 0 ? String(prior.id) : null;
    };
    const draft: PlanDraft<A, M> = {
      prior: prior === null ? null : model(prior),
      config: config as unknown as Config<A>,
      planned: planned as unknown as Planned<M>,
      replacing,
      key: () => key,
      changed: () => (prior === null ? [] : changedInputs(table, prior, planned)),
      report: (diagnostic) => void diagnostics.push(diagnostic),
    };
    await resource.modifyPlan?.(draft, session.ctx);
    if (prior !== null && draft.changed().length > 0) {
      diagnostics.push(...refused(model(prior), replacing() === null ? 'update' : 'replace'));
    }
    if (hasErrors(diagnostics)) return { planned: null, diagnostics };
    const write = plannedWrite({
      creates: prior === null,
      adopts: adopts !== null,
      replaces: prior !== null && replacing() !== null,
      changes:
        prior !== null &&
        draft.changed().length > 0 &&
        (resource.updateSends?.(model(prior), draft.planned, draft.changed()) ?? true),
    });
    diagnostics.push(...(await writeChecked(write, session)));
    if (hasErrors(diagnostics)) return { planned: null, diagnostics };

    const requiresReplace = prior === null ? [] : replacePaths(table, prior, planned);
    const newObject = prior === null || requiresReplace.length > 0;
    Object.assign(planned, planComputed(table, prior, newObject, draft.changed()));

    const claimant =
      prior === null
        ? session.run.creator(replaced ?? adopts?.id ?? null, explicit !== null)
        : requiresReplace.length === 0
          ? ({ kind: 'keep', id: String(prior.id) } as const)
          : null;
    const conflict =
      identity === undefined || claimant === null ? null : session.run.claim(typeName, key, claimant);
    if (conflict !== null)
      return { planned: null, diagnostics: [...diagnostics, conflictDiagnostic(conflict, config, session)] };

    const replacedId = prior === null ? replaced : String(prior.id);
    const plannedPrivate: FrameworkPrivate = {
      ...(replacedId === null ? {} : { replacement: { of: replacedId, successorKey: key } }),
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
    // Found as the plan found it (by its identity), so what the plan compared is what is compared now.
    const found =
      identity?.find === undefined
        ? await resource.importState(existingId, session.ctx)
        : await identity.find(keyValue(planned), session.ctx);
    const existing = found?.id === existingId ? found : null;
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

  async function create(
    planned: TfObject,
    privateData: FrameworkPrivate,
    session: Session<Ctx>,
  ): Promise<StateResult> {
    try {
      if (privateData.adopts !== undefined) return await adopt(privateData.adopts, planned, session);
      const outcome = await resource.create(args(planned), session.ctx);
      session.run.noteCreated(typeName, outcome.state.id);
      return {
        state: settleApplied(table, planned, object(outcome.state)),
        diagnostics: outcome.warnings ?? [],
      };
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) {
        return {
          state: null,
          diagnostics: diagnosticsOf(error, session as Session<unknown>, action('create')),
        };
      }
      const managed = error.existingId !== undefined && session.run.isInState(typeName, error.existingId);
      const reason = managed
        ? `It is in this Terraform state under another resource address, or it is the object this one ` +
          `replaces with create_before_destroy, which ${session.service} cannot hold twice: remove ` +
          `create_before_destroy, or use a moved block when the ${noun} moved to another address.`
        : waysOut(planned, session);
      return { state: null, diagnostics: [alreadyExists(planned, session, reason)] };
    }
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
          privateData.replacement === undefined
            ? null
            : { successorKey: privateData.replacement.successorKey };
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
    if (prior === null) return create(planned, privateData, session);
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

  function moveState(request: MoveRequest): StateResult {
    const sources = resource.moveFrom ?? [];
    const source = findMoveSource(sources, request);
    if (source === null) return { state: null, diagnostics: [unsupportedMove(typeName, sources, request)] };
    if (request.sourceSchemaVersion !== source.schemaVersion) {
      const reason =
        `it has schema version ${request.sourceSchemaVersion}, and this provider reads version ` +
        `${source.schemaVersion} (a newer or older release of that provider wrote it)`;
      return { state: null, diagnostics: [unreadableSource(typeName, source, reason)] };
    }
    try {
      return { state: object(source.convert(request.sourceState)) };
    } catch (error) {
      if (!(error instanceof SourceStateError)) throw error;
      return { state: null, diagnostics: [unreadableSource(typeName, source, error.message)] };
    }
  }

  return {
    typeName,
    schema: blockSchema(resource.description, table),
    moveState,
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
        const refusals = refused(found, 'import');
        if (refusals.length > 0) return { state: null, diagnostics: refusals };
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

/**
 * The contract between the protocol layer (gRPC + msgpack) and the resources.
 * Resources see only plain JavaScript values (with UNKNOWN for values not known until apply);
 * they never see gRPC, protobuf or msgpack.
 */

/** Marker for a value that Terraform does not know yet (an unknown in cty terms). */
export const UNKNOWN: unique symbol = Symbol.for('terraform-provider-apono.unknown');
export type Unknown = typeof UNKNOWN;

/** A Terraform value as resources see it. Objects carry one key per schema attribute. */
export type TfValue = null | Unknown | string | number | boolean | TfValue[] | TfObject;
export interface TfObject {
  [attribute: string]: TfValue;
}

/** A cty type in its JSON encoding, exactly as Terraform expects it in a schema. */
export type TfType =
  | 'string'
  | 'number'
  | 'bool'
  | readonly ['set', TfType]
  | readonly ['list', TfType]
  | readonly ['map', TfType]
  | readonly ['object', { readonly [name: string]: TfType }];

/** One attribute of a resource, data source or provider schema. */
export interface AttributeSchema {
  readonly type: TfType;
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** A schema block: only attributes (this provider uses no nested blocks). */
export interface BlockSchema {
  readonly version: number;
  readonly description: string;
  readonly attributes: { readonly [name: string]: AttributeSchema };
}

/** Path to an attribute: strings are attribute names, numbers are list indexes. */
export type AttributePath = ReadonlyArray<string | number>;

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

/** Logger that writes hclog JSON lines to stderr (never to stdout). */
export interface Logger {
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Provider-private data Terraform keeps beside a resource's state (JSON here; opaque to Terraform). */
export type PrivateData = Readonly<Record<string, unknown>>;

export interface PlanRequest {
  /** null on create (and for a tainted object, which Terraform plans like a create). */
  readonly prior: TfObject | null;
  /**
   * The private data of the prior object; on the create half of a replacement (prior null) it is
   * what the plan of the replaced object returned as `plannedPrivate`.
   */
  readonly priorPrivate?: PrivateData | null;
  /** null on destroy (plan_destroy capability). */
  readonly proposed: TfObject | null;
  readonly config: TfObject | null;
}
export interface PlanResult {
  readonly planned: TfObject | null;
  readonly requiresReplace?: AttributePath[];
  /** Private data to keep with the planned object (default: the prior private data). */
  readonly plannedPrivate?: PrivateData;
  readonly diagnostics?: Diagnostic[];
}
export interface ApplyRequest {
  readonly prior: TfObject | null;
  /** null on destroy. */
  readonly planned: TfObject | null;
  readonly config: TfObject | null;
  /** What the plan returned as `plannedPrivate` (the destroy of a replaced object gets the replacement's). */
  readonly plannedPrivate?: PrivateData | null;
}
export interface StateResult {
  /** null when the object does not exist (read) or was destroyed (apply). */
  readonly state: TfObject | null;
  readonly diagnostics?: Diagnostic[];
}

/** A `moved` block from another resource type or provider, as Terraform asks this provider to convert it. */
export interface MoveRequest {
  /** The source provider's address, e.g. registry.terraform.io/apono-io/apono. */
  readonly sourceProvider: string;
  readonly sourceType: string;
  readonly sourceSchemaVersion: number;
  /** The source object's stored state (its JSON, parsed), in the source resource's own schema. */
  readonly sourceState: Readonly<Record<string, unknown>>;
}

/**
 * A managed resource as the protocol layer serves it. Resource files do not implement this by
 * hand: `defineResource()` builds it from a typed declaration (framework/resource.ts).
 */
export interface ResourceDefinition<Ctx> {
  readonly typeName: string;
  readonly schema: BlockSchema;
  /** Static checks of a config that may hold UNKNOWN values; never reject an unknown. No I/O. */
  validate(config: TfObject): Diagnostic[];
  plan(request: PlanRequest, ctx: Ctx): Promise<PlanResult>;
  apply(request: ApplyRequest, ctx: Ctx): Promise<StateResult>;
  read(state: TfObject, ctx: Ctx): Promise<StateResult>;
  importState(id: string, ctx: Ctx): Promise<StateResult>;
  /** Told of every object of the state (UpgradeResourceState), once the provider is configured. */
  noteStateObject?(state: TfObject, ctx: Ctx): void;
  /**
   * The object of another resource type (or provider) as this resource's state, for a `moved` block
   * (MoveResourceState). Terraform calls it before configuring the provider: no context, no I/O.
   */
  moveState?(request: MoveRequest): StateResult;
}

/** A data source as the protocol layer serves it (built by `defineDataSource()`). */
export interface DataSourceDefinition<Ctx> {
  readonly typeName: string;
  readonly schema: BlockSchema;
  validate(config: TfObject): Diagnostic[];
  read(config: TfObject, ctx: Ctx): Promise<StateResult>;
}

/** What Terraform tells the provider about itself at ConfigureProvider. */
export interface TerraformInfo {
  /** The version of the Terraform CLI, e.g. `1.11.4`; empty when Terraform did not say. */
  readonly version: string;
}

/** The provider itself: its configuration schema and how a configuration becomes a context. */
export interface ProviderDefinition<Ctx> {
  /** Provider address, e.g. terraform.local/apono/apono. */
  readonly address: string;
  readonly schema: BlockSchema;
  readonly resources: ReadonlyArray<ResourceDefinition<Ctx>>;
  readonly dataSources: ReadonlyArray<DataSourceDefinition<Ctx>>;
  validate(config: TfObject): Diagnostic[];
  /** `terraform` is what ConfigureProvider said of Terraform (absent: nothing known). */
  configure(
    config: TfObject,
    log: Logger,
    terraform?: TerraformInfo,
  ): Promise<{ ctx: Ctx | null; diagnostics: Diagnostic[] }>;
  /** Called by StopProvider: cancel in-flight work (of a configure still running when `ctx` is null). */
  stop(ctx: Ctx | null): void;
}

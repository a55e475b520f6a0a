/**
 * defineDataSource(): a data source declared with typed models becomes the handler the protocol
 * layer serves: validation from the declarations, model conversion, and every thrown error mapped
 * to a diagnostic.
 */
import { Attributes, Config } from './attributes';
import { errorDiagnostic, hasErrors, Problem } from './diagnostics';
import { fromModel, toModel } from './model';
import { AttributeTable } from './planner';
import { blockSchema } from './resource';
import { Session } from './session';
import { DataSourceDefinition, Diagnostic } from './types';
import { validateInputs } from './validation';

/** The known configuration of a data source when it is read: omitted arguments are null. */
export type Arguments<A> = { readonly [K in keyof A]: A[K] | null };

/** A data source: typed arguments `A`, typed result `M`, provider context `Ctx`. */
export interface DataSource<A, M extends A, Ctx> {
  readonly typeName: string;
  readonly description: string;
  /** What it reads, in messages: "user" gives "reading a user". */
  readonly noun: string;
  readonly attributes: Attributes<A, M>;
  /** Cross-attribute checks (each attribute's own rules are declared). No I/O. */
  validate?(config: Config<A>): Diagnostic[];
  /** The result; throw a Problem (e.g. "not found") to fail with a diagnostic. */
  read(config: Arguments<A>, ctx: Ctx): Promise<M>;
}

/** Builds the protocol-level handler of a typed data source declaration. */
export function defineDataSource<A, M extends A, Ctx>(
  dataSource: DataSource<A, M, Ctx>,
): DataSourceDefinition<Session<Ctx>> {
  const table = dataSource.attributes as unknown as AttributeTable;
  const validate = (config: Parameters<DataSourceDefinition<Session<Ctx>>['validate']>[0]): Diagnostic[] => [
    ...validateInputs(table, config),
    ...(dataSource.validate?.(config as unknown as Config<A>) ?? []),
  ];
  return {
    typeName: dataSource.typeName,
    schema: blockSchema(dataSource.description, table),
    validate,
    async read(config, session) {
      const problems = validate(config);
      if (hasErrors(problems)) return { state: null, diagnostics: problems };
      try {
        const result = await dataSource.read(toModel<Arguments<A>>(table, config), session.ctx);
        return { state: fromModel(table, result) };
      } catch (error) {
        if (error instanceof Problem) return { state: null, diagnostics: [...error.diagnostics] };
        return { state: null, diagnostics: [session.describeError(error, `reading a ${dataSource.noun}`)] };
      }
    },
  };
}

/** A "not found" problem on the argument that was looked up. */
export function notFoundProblem(noun: string, argument: string, value: string, service: string): Problem {
  return new Problem(
    errorDiagnostic(
      `${noun[0]?.toUpperCase() ?? ''}${noun.slice(1)} not found`,
      `No ${service} ${noun} has the ${argument} "${value}".`,
      [argument],
    ),
  );
}

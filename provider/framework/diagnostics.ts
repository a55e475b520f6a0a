/**
 * Diagnostics as resources, data sources and the provider build them: the one family of
 * constructors and checks (the protocol layer only encodes them).
 */
import { AttributePath, Diagnostic } from './types';

/** An error diagnostic, on an attribute when `path` is given. */
export function errorDiagnostic(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return {
    severity: 'error',
    summary,
    ...(detail === undefined ? {} : { detail }),
    ...(path === undefined ? {} : { path }),
  };
}

/** A warning diagnostic, on an attribute when `path` is given. */
export function warningDiagnostic(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return { ...errorDiagnostic(summary, detail, path), severity: 'warning' };
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: ReadonlyArray<Diagnostic> | undefined): boolean {
  return (diagnostics ?? []).some((diagnostic) => diagnostic.severity === 'error');
}

/** The same diagnostic as a warning: for a failure that did not stop the operation. */
export function asWarning(diagnostic: Diagnostic, summarySuffix = ''): Diagnostic {
  return { ...diagnostic, severity: 'warning', summary: `${diagnostic.summary}${summarySuffix}` };
}

/**
 * Thrown by a resource or data source hook to end the operation with exactly these diagnostics,
 * when the reason is for a person (a lookup that found nothing, a refusal), not a failed call.
 */
export class Problem extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostic: Diagnostic, ...more: Diagnostic[]) {
    super(diagnostic.summary);
    this.name = 'Problem';
    this.diagnostics = [diagnostic, ...more];
  }
}

/**
 * The message of a thrown value for a diagnostic. Only `message` is read: a whole error object (an
 * axios error holds the request headers, the API token among them) is never inspected.
 */
export function thrownMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'an unknown error was thrown';
}

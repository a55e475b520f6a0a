/** Framework diagnostics -> tfplugin6 Diagnostic messages. */
import { AttributePath, Diagnostic } from '../framework/types';
import { AttributePathMessage, AttributePathStepMessage, DiagnosticMessage } from './proto';

/** An attribute path -> AttributePath steps: names -> attribute_name, numbers -> element_key_int. */
export function encodeAttributePath(path: AttributePath): AttributePathMessage {
  return {
    steps: path.map((step): AttributePathStepMessage =>
      typeof step === 'number' ? { element_key_int: step } : { attribute_name: step },
    ),
  };
}

/** A framework diagnostic -> a Diagnostic message. */
export function encodeDiagnostic(diagnostic: Diagnostic): DiagnosticMessage {
  return {
    severity: diagnostic.severity === 'error' ? 'ERROR' : 'WARNING',
    summary: diagnostic.summary,
    detail: diagnostic.detail ?? '',
    attribute: diagnostic.path && diagnostic.path.length > 0 ? encodeAttributePath(diagnostic.path) : null,
  };
}

/** Framework diagnostics -> Diagnostic messages. */
export function encodeDiagnostics(diagnostics: ReadonlyArray<Diagnostic> | undefined): DiagnosticMessage[] {
  return (diagnostics ?? []).map(encodeDiagnostic);
}

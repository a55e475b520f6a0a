/** The one error type of the sandbox: an HTTP answer that a handler gives up with. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.name = 'SandboxHttpError';
  }
}

/** 400 `{message}`: the request is malformed or a value is invalid. */
export function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError(400, { message });
}

/** 403 `{message, code}`: the identity is owned by an identity provider. */
export function forbidden(message: string): SandboxHttpError {
  return new SandboxHttpError(403, { message, code: 'Forbidden' });
}

/** 404 `{message, code}`. */
export function notFound(message: string): SandboxHttpError {
  return new SandboxHttpError(404, { message, code: 'NotFound' });
}

/** 409 `{message, code, ...extra}`, e.g. with the id of the identity that already exists. */
export function conflict(message: string, extra: Record<string, string> = {}): SandboxHttpError {
  return new SandboxHttpError(409, { message, code: 'Conflict', ...extra });
}

/** The documented 401 body, byte for byte. */
export const UNAUTHORIZED_BODY = { status: '401', code: 'Unauthorized' } as const;

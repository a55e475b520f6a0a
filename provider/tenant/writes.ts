/** Rules for writes whose outcome is not known, shared by the resources that create identities. */
import { ApiError } from '../client/errors';

/**
 * True when a failed write may still have been applied: its answer was lost (timeout, dropped
 * connection) or an earlier attempt was (the client retried after a 5xx or a reset). The caller
 * then looks for what it may have created before reporting a failure.
 */
export function isUncertain(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.priorAttemptUncertain || error.code === 'timeout' || error.code === 'network')
  );
}

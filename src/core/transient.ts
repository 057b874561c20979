/** Socket-level failures: the database or Redis is unreachable or went away mid-request. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);

/**
 * Postgres SQLSTATEs that say "not now" rather than "never": connection exceptions (08…), the server shutting down or
 * starting (57P01–57P03), too many connections (53300), serialization failures and deadlocks (40001, 40P01).
 */
const RETRYABLE_SQLSTATE = /^(08...|57P0[123]|53300|40001|40P01)$/;

const TRANSIENT_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection is closed/i, /client has encountered a connection error/i];

/**
 * True when an error is the infrastructure's, not the command's: the event that met it must be run again once the
 * database or queue is back (the inbound job's retry), never answered with "something went wrong".
 */
export function isTransientError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATE.test(code))) return true;
    if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(e instanceof Error ? e.message : ""))) return true;
    if (e instanceof AggregateError && e.errors.some(isTransientError)) return true;
  }
  return false;
}

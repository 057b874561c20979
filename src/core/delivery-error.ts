/**
 * What an adapter throws when a send fails, classified so the deliver job knows what to do:
 * "retry" after `retryAfterMs` (the platform's own wait hint when it gave one), or "fatal" (never retried:
 * quota used up, bad credentials, unknown channel, validation errors).
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: "retry" | "fatal",
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = "DeliveryError";
  }

  static retry(reason: string, retryAfterMs?: number): DeliveryError {
    return new DeliveryError("retry", reason, retryAfterMs);
  }

  static fatal(reason: string): DeliveryError {
    return new DeliveryError("fatal", reason);
  }
}

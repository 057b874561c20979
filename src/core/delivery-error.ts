import { sanitizeErrorText } from "./error-text.js";

/**
 * What an adapter throws when a send fails, classified so the deliver job knows what to do:
 * "retry" after `retryAfterMs` (the platform's own wait hint when it gave one), or "fatal" (never retried:
 * quota used up, bad credentials, unknown channel, validation errors). The reason is kept sanitised and bounded:
 * a platform that echoes the request back must not put message content into rows or logs.
 */
export class DeliveryError extends Error {
  readonly reason: string;

  constructor(
    readonly kind: "retry" | "fatal",
    reason: string,
    readonly retryAfterMs?: number,
  ) {
    const kept = sanitizeErrorText(reason);
    super(kept);
    this.reason = kept;
    this.name = "DeliveryError";
  }

  static retry(reason: string, retryAfterMs?: number): DeliveryError {
    return new DeliveryError("retry", reason, retryAfterMs);
  }

  static fatal(reason: string): DeliveryError {
    return new DeliveryError("fatal", reason);
  }
}

import { DeliveryError } from "../../src/core/delivery-error.js";
import { WecomApiError, WecomTransportError } from "./client.js";

// Global error codes: https://developer.work.weixin.qq.com/document/path/90313

/** "接口调用超过限制": back off until the (per-member, per-minute) window has passed. */
export const ERR_RATE_LIMITED = 45009;
/** "不合法的来源IP": the server's egress IP is not among the app's trusted IPs. */
export const ERR_UNTRUSTED_IP = 60020;
const TRANSIENT = new Set([-1, 45033, 40014, 42001]); // system busy, concurrency limit, token trouble after our retry

/** The message that says exactly what to configure when WeCom refuses our IP (60020). */
export function untrustedIpMessage(errmsg: string): string {
  const ip = /from ip:\s*([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
  const which = ip ? `this server's egress IP ${ip}` : "this server's egress IP";
  return (
    `WeCom refused the call because ${which} is not a trusted IP of the app (errcode 60020). ` +
    `In the WeCom admin console open 应用管理 (App Management) → your app → 企业可信IP (Trusted IPs) and add ${ip ?? "it"}; ` +
    "the change takes about a minute."
  );
}

/**
 * Classifies a failed WeCom call for the deliver job: 45009 → retry after `windowMs` (the per-member window);
 * system busy, concurrency limits, network errors and 5xx → retry; 60020 → fatal, naming the IP to trust;
 * everything else (bad ids, invalid parameters, no permission) → fatal.
 */
export function toDeliveryError(error: unknown, windowMs: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof WecomApiError) {
    if (error.errcode === ERR_RATE_LIMITED) return DeliveryError.retry(`WeCom rate limit hit on ${error.path} (45009)`, windowMs);
    if (error.errcode === ERR_UNTRUSTED_IP) return DeliveryError.fatal(untrustedIpMessage(error.errmsg));
    if (TRANSIENT.has(error.errcode)) return DeliveryError.retry(error.message);
    return DeliveryError.fatal(error.message);
  }
  if (error instanceof WecomTransportError) {
    const permanent = error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
    return permanent ? DeliveryError.fatal(error.message) : DeliveryError.retry(error.message);
  }
  return DeliveryError.retry(error instanceof Error ? error.message : String(error));
}

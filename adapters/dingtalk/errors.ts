import { DeliveryError } from "../../src/core/delivery-error.js";
import { DingtalkApiError, DingtalkTransportError, TOKEN_PATH } from "./client.js";

// Throttling and quota: https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server
// 90018 / Forbidden.AccessDenied.QpsLimitForAppkeyAndApi (20/s per app per API) and 90002 / …QpsLimitForApi: sleep 1 s, retry.
// 90020 / Forbidden.AccessDenied.ApiCountLimitForOrg: the org's monthly call quota is used up; retrying only burns more.
// 90006 and 90005 (per-minute and per-corp QPS) appear only in third-party code; treated as QPS limits too.

/** DingTalk's advice for QPS limits: wait at least a second. */
export const QPS_RETRY_MS = 1000;
const QPS_CODES = new Set(["90018", "90002", "90006", "90005"]);
const TRANSIENT_CODES = new Set(["-1", "system.error", "systemError", "ServiceUnavailable"]);

/** True for a per-second throttling answer (old numeric code or new QpsLimit* code). */
export function isQpsLimit(code: string): boolean {
  return QPS_CODES.has(code) || /QpsLimit/i.test(code);
}

/** True for DingTalk's "system busy" answers, worth another try. */
export function isTransientCode(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}

/** True when the org's monthly API quota is used up (90020 / ApiCountLimitForOrg). */
export function isMonthlyQuota(code: string): boolean {
  return code === "90020" || /ApiCountLimitForOrg/i.test(code);
}

/**
 * Classifies a failed DingTalk call for the deliver job: QPS limits, IP bans, 5xx, "system busy" and network errors
 * → retry (QPS after ≥ 1 s); the monthly quota → fatal, said loudly; refused credentials (after the client's one
 * token refresh) and every other 4xx → fatal.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DingtalkApiError) {
    if (isMonthlyQuota(error.code)) {
      return DeliveryError.fatal(
        `DingTalk monthly API quota used up (${error.code} on ${error.path}): the organisation's API calls for this month are spent; ` +
          "sends resume next month or after upgrading the DingTalk edition. Not retried.",
      );
    }
    if (isQpsLimit(error.code)) return DeliveryError.retry(`DingTalk QPS limit on ${error.path} (${error.code})`, QPS_RETRY_MS);
    if (error.waitMs !== undefined) return DeliveryError.retry(`DingTalk throttles this server's IP on ${error.path}`, error.waitMs);
    if (error.status >= 500 || error.status === 429 || isTransientCode(error.code)) return DeliveryError.retry(error.message);
    if (error.path === TOKEN_PATH || error.status === 401 || error.code === "InvalidAuthentication") {
      return DeliveryError.fatal(`DingTalk refused the app credentials (${error.message}); check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET`);
    }
    return DeliveryError.fatal(error.message);
  }
  if (error instanceof DingtalkTransportError) return DeliveryError.retry(error.message);
  return DeliveryError.retry(error instanceof Error ? error.message : String(error));
}

import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from "@slack/web-api";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { record } from "./payload.js";

// Web API errors: each method page lists its `error` codes (e.g. https://api.slack.com/methods/chat.postMessage#errors);
// rate limits answer HTTP 429 with Retry-After (https://api.slack.com/apis/rate-limits).

/** Codes that say "try again later": Slack had a problem, not our request. */
const TRANSIENT = new Set(["ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"]);

/** Codes that will fail the same way every time, with what a person should do about them. */
const FATAL_REASONS: Record<string, string> = {
  invalid_auth: "the bot token is not valid (invalid_auth): check SLACK_BOT_TOKEN",
  not_authed: "no bot token was sent (not_authed): check SLACK_BOT_TOKEN",
  token_revoked: "the bot token was revoked (token_revoked): reinstall the app and update SLACK_BOT_TOKEN",
  token_expired: "the bot token expired (token_expired): reinstall the app and update SLACK_BOT_TOKEN",
  account_inactive: "the bot user or its workspace is deactivated (account_inactive)",
  no_permission: "the bot lacks permission for this (no_permission)",
  missing_scope: "the bot token lacks a scope this call needs (missing_scope): add it in the app manifest and reinstall",
  channel_not_found: "the channel does not exist or the bot cannot see it (channel_not_found)",
  not_in_channel: "the bot is not a member of the channel (not_in_channel): invite it with /invite @bot",
  is_archived: "the channel is archived (is_archived)",
  msg_too_long: "the message is too long for Slack (msg_too_long)",
  msg_blocks_too_long: "the message blocks are too long for Slack (msg_blocks_too_long)",
  invalid_blocks: "Slack refused the message blocks (invalid_blocks)",
  no_text: "the message has no text (no_text)",
  restricted_action: "a workspace setting forbids the bot to post here (restricted_action)",
  ekm_access_denied: "the workspace's encryption keys refused access (ekm_access_denied)",
  user_not_found: "the Slack user does not exist (user_not_found)",
  users_not_found: "the Slack user does not exist (users_not_found)",
  cant_update_message: "the message cannot be edited by the bot (cant_update_message)",
  message_not_found: "the message to edit no longer exists (message_not_found)",
  team_access_not_granted: "the app is not installed for this workspace (team_access_not_granted)",
};

/** The Web API `error` code of a platform error, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return error instanceof WebAPIPlatformError ? error.data.error : undefined;
}

/** True when the request may have been carried out even though no answer arrived (the response was lost). */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof WebAPIRequestError) return true;
  if (error instanceof WebAPIHTTPError) return error.statusCode >= 500;
  if (error instanceof WebAPIPlatformError || error instanceof WebAPIRateLimitedError) return false;
  return !(error instanceof DeliveryError);
}

/**
 * Classifies a failed Web API call for the deliver job: 429 → retry after Retry-After; 5xx, network errors and
 * Slack's own transient codes → retry with backoff; everything else → fatal, with a reason a person can act on.
 */
export function classifySlackError(error: unknown, method: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof WebAPIRateLimitedError) return DeliveryError.retry(`${method}: rate limited by Slack (429)`, Math.max(0, error.retryAfter) * 1000);
  if (error instanceof WebAPIHTTPError) {
    if (error.statusCode === 429) return DeliveryError.retry(`${method}: rate limited by Slack (429)`, retryAfterMs(error.headers));
    if (error.statusCode >= 500) return DeliveryError.retry(`${method}: Slack answered HTTP ${error.statusCode}`);
    return DeliveryError.fatal(`${method}: Slack answered HTTP ${error.statusCode}`);
  }
  if (error instanceof WebAPIRequestError) return DeliveryError.retry(`${method}: network error (${error.original.message})`);
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (TRANSIENT.has(code)) return DeliveryError.retry(`${method}: ${code}`);
    const needed: unknown = record(error.data)?.needed;
    const scope = typeof needed === "string" ? ` (needs ${needed})` : "";
    return DeliveryError.fatal(`${method}: ${FATAL_REASONS[code] ?? `Slack refused the call (${code})`}${scope}`);
  }
  return DeliveryError.retry(`${method}: ${error instanceof Error ? error.message : String(error)}`);
}

function retryAfterMs(headers: Record<string, string>): number | undefined {
  const seconds = Number(headers["retry-after"]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

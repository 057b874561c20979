import type { Logger } from "pino";
import type { ConversationRef, ReplyHandle, SendOptions, SentRef } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { uploadImages, type MediaCache, type UploadedImages } from "../../src/core/media.js";
import type { Block, OutboundMessage } from "../../src/core/message.js";
import type { AttemptLog } from "./attempt-log.js";
import type { SlackApi } from "./client.js";
import { classifySlackError, slackErrorCode } from "./errors.js";
import { SLACK_REPLY_KIND } from "./inbound.js";
import { buildModal } from "./modal.js";
import { obj, str } from "./payload.js";
import { postOnce } from "./post-once.js";
import { renderSlack } from "./render.js";
import { uploadSlackImage } from "./upload.js";

/** Kinds of SentRef this adapter returns besides a posted message. */
const MODAL = "modal";
const EPHEMERAL = "ephemeral";
/** Codes after which a slash command's response_url can still answer the person (the bot cannot post there). */
const UNREACHABLE = new Set(["channel_not_found", "not_in_channel"]);
/** views.open codes that mean the trigger can no longer open anything: fall back to the typed prompt. */
const DEAD_TRIGGER = new Set(["expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id"]);
const USER_ID = /^[UW][A-Z0-9]+$/;
/** How long to wait before posting again when Slack refused blocks showing a file it may still be processing. */
const FILE_PROCESSING_WAIT_MS = 5_000;

export interface SlackOutboundDeps {
  api: SlackApi;
  attempts: AttemptLog;
  logger: Logger;
  now: () => number;
  openDirect(tenantId: string, userId: string): Promise<ConversationRef>;
}

/** send and edit: Block Kit posts (at most once per key), modals for forms, response_url where the bot cannot post. */
export function createSlackOutbound(deps: SlackOutboundDeps) {
  const { api, logger } = deps;

  const usableTrigger = (reply: ReplyHandle | undefined): string | undefined => {
    if (reply?.kind !== SLACK_REPLY_KIND || !reply.token) return undefined;
    return reply.expiresAt && Date.parse(reply.expiresAt) <= deps.now() ? undefined : reply.token;
  };

  // https://api.slack.com/methods/views.open
  const openModal = async (to: ConversationRef, message: OutboundMessage, form: Extract<Block, { type: "form" }>, triggerId: string): Promise<SentRef | null> => {
    const view = buildModal(form.form, message, to);
    if (!view) return null;
    try {
      const result = await api.call("views.open", { trigger_id: triggerId, view });
      const id = str(obj(result, "view"), "id") ?? triggerId;
      return { platform: "slack", conversation: to, messageId: id, extra: { kind: MODAL } };
    } catch (error) {
      const code = slackErrorCode(error);
      if (code && DEAD_TRIGGER.has(code)) {
        logger.info({ code }, "the trigger expired before the form opened; sending the typed prompt instead");
        return null;
      }
      throw classifySlackError(error, "views.open");
    }
  };

  // https://api.slack.com/interactivity/handling#message_responses — only Slack's hooks host (or the configured
  // API host, for tests) is trusted with a POST.
  const respondViaUrl = async (url: string, message: OutboundMessage, images: UploadedImages): Promise<void> => {
    const origin = new URL(url).origin;
    if (origin !== "https://hooks.slack.com" && origin !== new URL(api.apiUrl).origin) throw DeliveryError.fatal("response_url is not a Slack address");
    const { text, blocks } = renderSlack(message, { images });
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text, blocks }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw DeliveryError.retry(`response_url: network error (${error instanceof Error ? error.message : String(error)})`);
    }
    if (response.status >= 500 || response.status === 429) throw DeliveryError.retry(`response_url: HTTP ${response.status}`);
    if (!response.ok) throw DeliveryError.fatal(`response_url: HTTP ${response.status} (expired or used up)`);
  };

  const upload = (to: ConversationRef, message: OutboundMessage, media: MediaCache | undefined): Promise<UploadedImages> =>
    uploadImages(message, to.tenantId, media, (image) => uploadSlackImage(api, image));

  return {
    async send(to: ConversationRef, message: OutboundMessage, opts: SendOptions): Promise<SentRef> {
      const form = message.blocks.find((b): b is Extract<Block, { type: "form" }> => b.type === "form");
      const trigger = form ? usableTrigger(opts.reply) : undefined;
      if (form && trigger) {
        const opened = await openModal(to, message, form, trigger);
        if (opened) return opened;
      }
      const target = USER_ID.test(to.conversationId) ? await deps.openDirect(to.tenantId, to.conversationId) : to;
      const images = await upload(to, message, opts.media);
      const input = { channel: target.conversationId, payload: renderSlack(message, { images }), idempotencyKey: opts.idempotencyKey, ...(to.threadId ? { threadId: to.threadId } : {}) };
      try {
        const posted = await postOnce(api.call, deps.attempts, input, deps.now());
        return { platform: "slack", conversation: target, messageId: posted.ts, extra: { channel: posted.channel } };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && UNREACHABLE.has(code) && opts.reply?.kind === SLACK_REPLY_KIND && opts.reply.url) {
          await respondViaUrl(opts.reply.url, message, images);
          return { platform: "slack", conversation: to, messageId: `${EPHEMERAL}:${opts.idempotencyKey}`, extra: { kind: EPHEMERAL } };
        }
        // Files finish processing asynchronously after files.completeUploadExternal; a block showing one too early
        // can be refused (https://github.com/slackapi/bolt-js/issues/2115). Nothing was posted: try again shortly.
        if (code === "invalid_blocks" && images.size > 0) throw DeliveryError.retry("chat.postMessage: invalid_blocks with an uploaded image (the file may still be processing)", FILE_PROCESSING_WAIT_MS);
        throw classifySlackError(error, "chat.postMessage");
      }
    },

    /** chat.update in place (https://api.slack.com/methods/chat.update); a modal or an ephemeral reply cannot be edited. */
    async edit(ref: SentRef, message: OutboundMessage, opts: Pick<SendOptions, "media"> = {}): Promise<void> {
      const kind = ref.extra?.kind;
      if (kind === MODAL || kind === EPHEMERAL) throw DeliveryError.fatal(`a Slack ${kind} cannot be edited`);
      const { text, blocks } = renderSlack(message, { images: await upload(ref.conversation, message, opts.media) });
      try {
        await api.call("chat.update", { channel: ref.extra?.channel ?? ref.conversation.conversationId, ts: ref.messageId, text, blocks });
      } catch (error) {
        throw classifySlackError(error, "chat.update");
      }
    },
  };
}

import type { Capabilities } from "../../src/core/adapter.js";

/** What WeCom app DMs show and allow (message/send), read by the degrade step and the contract tests. */
export const wecomCapabilities: Capabilities = {
  // template_card button_interaction: button_list ≤ 6, text 建议不超过10个字:
  // https://developer.work.weixin.qq.com/document/path/90236
  buttons: { max: 6, labelMax: 10 },
  forms: false,
  markdown: "basic", // headings, bold, links, code, quotes, font colours (path/90236 支持的markdown语法)
  editMessage: false, // only a template card, once per response_code (path/94888)
  ephemeral: false,
  threads: false,
  createGroup: true, // appchat/create: https://developer.work.weixin.qq.com/document/path/90245
  maxTextLength: 680, // markdown.content ≤ 2048 bytes UTF-8 (path/90236) ÷ 3 bytes per CJK character
  // "每应用对同一个成员不可超过30次/分钟，1000次/小时，超过部分会被丢弃不下发" (path/90236, path/90312)
  rateLimits: [
    { scope: "target", limit: 30, windowMs: 60_000 },
    { scope: "target", limit: 1000, windowMs: 3_600_000 },
  ],
  // No reaction events: the app callback (path/90240) and the AI bot (path/100719 messages, path/101027 events:
  // enter_chat, template_card_event, feedback_event) send none.
  reactions: false,
  // template_card button_interaction has no image slot and markdown no image syntax (path/90236): an image is a
  // msgtype image message of its own.
  images: "separate",
};

/** What WeCom app group chats show and allow (appchat/send takes no template_card, so no buttons). */
export const wecomGroupCapabilities: Capabilities = {
  ...wecomCapabilities,
  buttons: false, // appchat/send msgtypes: text, image, voice, video, file, textcard, news, mpnews, markdown (path/90248)
  // "每个成员在群中收到的同一个应用的消息不可超过200条/分，1万条/天" (path/90248); counted per group here
  rateLimits: [
    { scope: "target", limit: 200, windowMs: 60_000 },
    { scope: "target", limit: 10_000, windowMs: 86_400_000 },
  ],
};

/**
 * What conversations with the AI bot (智能机器人) show over its long connection (aibot_send_msg): markdown,
 * no buttons (a card click would have to be answered within 5 s, which the deliver job cannot promise).
 */
export const wecomAibotCapabilities: Capabilities = {
  ...wecomGroupCapabilities,
  // No per-chat cap is published for aibot_send_msg [unverified]; paced like the group webhook robot (20/min).
  rateLimits: [{ scope: "target", limit: 20, windowMs: 60_000 }],
  // The long connection's chunked media upload is not built here: images arrive as their alt text.
  images: "none",
};

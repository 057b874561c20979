import type { Capabilities } from "../../src/core/adapter.js";

/** What Feishu / Lark shows and allows, read by the degrade step and the contract tests. */
export const feishuCapabilities: Capabilities = {
  // Button text "最多支持 100 个字符": https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button
  // The card docs set no per-row button count (only 200 components per card); 6 is our choice.
  buttons: { max: 6, labelMax: 100 },
  forms: true, // form container: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container
  markdown: "rich", // card markdown: https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text
  editMessage: true, // PATCH im/v1/messages/:message_id (14 days): https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
  ephemeral: false, // JSON 2.0 cards are shared only (update_multi: true); we send no ephemeral cards
  threads: true, // reply in thread: https://open.feishu.cn/document/server-docs/im-v1/message/reply
  createGroup: true, // im/v1/chats: https://open.feishu.cn/document/server-docs/group/chat/create
  // Our per-block cap: the whole card must stay under 30 KB (im/v1/messages/create), i.e. ~10k CJK characters.
  maxTextLength: 5000,
  // "5 QPS to the same user, 5 QPS to the same group" and the API's 50/s:
  // https://open.feishu.cn/document/server-docs/im-v1/message/create
  rateLimits: [
    { scope: "target", limit: 5, windowMs: 1000 },
    { scope: "platform", limit: 50, windowMs: 1000 },
  ],
  // im.message.reaction.created_v1 / deleted_v1, for messages in the bot's chats:
  // https://open.feishu.cn/document/server-docs/im-v1/message-reaction/event/created
  reactions: true,
  // A card img element holding an image_key from im/v1/images:
  // https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/image
  images: "inline",
};

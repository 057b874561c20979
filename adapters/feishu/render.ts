import { Buffer } from "node:buffer";
import { uploadedRef, type UploadedImages } from "../../src/core/media.js";
import type { Block, Button, OutboundMessage } from "../../src/core/message.js";
import { toPlainText, cutText as cut } from "../../src/core/plain-text.js";
import type { FeishuCallbackValue, FeishuPlainText } from "./card-parts.js";
import { renderFeishuForm, type FeishuForm } from "./render-form.js";

// https://open.feishu.cn/document/server-docs/im-v1/message/create: "卡片及富文本消息请求体最大不能超过30KB",
// "文本消息请求体最大不能超过150KB" (error 230025). We measure the card as the JSON string it travels as,
// leaving ~2 KB for receive_id, msg_type and uuid.
const CARD_MAX_BYTES = 28_000;
// https://open.feishu.cn/document/feishu-cards/card-json-v2-structure: at most 200 elements (plain_text included)
// or components per card (error 300305).
const MAX_COMPONENTS = 200;
// https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button:
// text.content "最多支持 100 个字符".
const BUTTON_TEXT_MAX = 100;
// 40,000 characters stay under the 150 KB text-message body even at 3 UTF-8 bytes each.
const TEXT_MAX_CHARS = 40_000;

/** A card button that calls back with the command line it stands for. */
export interface FeishuButton {
  tag: "button";
  text: FeishuPlainText;
  type: "primary" | "danger" | "default";
  behaviors: { type: "callback"; value: FeishuCallbackValue }[];
}

/** Options of the card renderer; the default renders exactly what the render table pins. */
export interface FeishuRenderOptions {
  /** Added to every callback value (buttons and form submits). */
  callback?: Omit<FeishuCallbackValue, "command" | "fields">;
  /** image_keys of images already uploaded (im/v1/images) by content address; an image without one shows its alt text. */
  images?: UploadedImages;
}

/** The card 2.0 body elements this renderer emits. */
export type FeishuElement =
  | { tag: "markdown"; content: string }
  | { tag: "hr" }
  | { tag: "img"; img_key: string; alt: FeishuPlainText }
  | { tag: "column_set"; flex_mode: "flow"; columns: { tag: "column"; width: "auto"; elements: FeishuButton[] }[] }
  | FeishuForm;

/** A Feishu card in JSON 2.0 structure (2.0 supports shared cards only, hence update_multi). */
export interface FeishuCard {
  schema: "2.0";
  config: { update_multi: true };
  header?: { title: FeishuPlainText; template: "blue" };
  body: { elements: FeishuElement[] };
}

/** Renders the card itself, e.g. for a `card.action.trigger` reply `{card: {type: "raw", data}}`. */
export function renderFeishuCard(message: OutboundMessage, options: FeishuRenderOptions = {}): FeishuCard {
  let mention = (message.mentions ?? [])
    .map((id) => id.replace(/[^A-Za-z0-9_-]/g, ""))
    .filter((id) => id.length > 0)
    .map((id) => `<at id=${id}></at>`)
    .join(" ");
  const elements: FeishuElement[] = [];
  const ctx: BlockContext = { extra: options.callback ?? {}, forms: 0, images: options.images };
  for (const block of message.blocks) {
    const el = renderBlock(block, ctx);
    if (!el) continue;
    if (mention && el.tag === "markdown" && block.type === "text") {
      el.content = mention + (/^(#|>|[-*+]\s|\d+\.\s)/.test(el.content) ? "\n" : " ") + el.content;
      mention = "";
    }
    elements.push(el);
  }
  if (mention) elements.unshift({ tag: "markdown", content: mention });
  const card: FeishuCard = { schema: "2.0", config: { update_multi: true }, body: { elements } };
  const title = (message.title ?? "").trim();
  if (title) card.header = { title: { tag: "plain_text", content: title }, template: "blue" };
  return fit(card);
}

/** Renders an `interactive` message for im/v1/messages; pure, never throws, stays within the card limits. */
export function renderFeishu(message: OutboundMessage, options: FeishuRenderOptions = {}): { msg_type: "interactive"; content: string } {
  return { msg_type: "interactive", content: JSON.stringify(renderFeishuCard(message, options)) };
}

/** Renders a plain `text` message (mentions as `<at user_id>` tags). */
export function renderFeishuText(message: OutboundMessage): { msg_type: "text"; content: string } {
  // Text-message syntax: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json#c9e08671
  const mentions = (message.mentions ?? [])
    .map((id) => id.replace(/[^A-Za-z0-9_-]/g, ""))
    .filter((id) => id.length > 0)
    .map((id) => `<at user_id="${id}"></at>`)
    .join(" ");
  const body = (message.fallbackText?.trim() || toPlainText(message)).replace(/<(\/?at)\b/gi, "‹$1");
  const text = mentions && body ? `${mentions} ${body}` : mentions || body;
  return { msg_type: "text", content: JSON.stringify({ text: cut(text, TEXT_MAX_CHARS) }) };
}

interface BlockContext {
  extra: Omit<FeishuCallbackValue, "command" | "fields">;
  /** Forms rendered so far: each form container needs a name of its own. */
  forms: number;
  images: UploadedImages | undefined;
}

function renderBlock(block: Block, ctx: BlockContext): FeishuElement | null {
  switch (block.type) {
    case "form":
      return renderFeishuForm(block.form, ctx.forms++, ctx.extra);
    case "text": {
      const content = escapeLark(block.markdown).trim();
      return content ? { tag: "markdown", content } : null;
    }
    case "fields": {
      const lines = block.fields
        .map((f) => {
          const label = escapeLark(f.label.trim());
          const value = escapeLark(f.value.trim());
          return label && value ? `**${label}**: ${value}` : label ? `**${label}**` : value;
        })
        .filter((line) => line.length > 0);
      return lines.length ? { tag: "markdown", content: lines.join("\n") } : null;
    }
    case "divider":
      return { tag: "hr" };
    case "actions": {
      const buttons = block.buttons.filter((b) => b.command.length > 0).map((b) => toButton(b, ctx.extra));
      if (!buttons.length) return null;
      return {
        tag: "column_set",
        flex_mode: "flow",
        columns: buttons.map((b) => ({ tag: "column", width: "auto", elements: [b] })),
      };
    }
    case "image": {
      const alt = block.alt.trim();
      // The img component takes an image_key from im/v1/images (image_type=message):
      // https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/image
      const imageKey = uploadedRef(ctx.images, block);
      if (imageKey) return { tag: "img", img_key: imageKey, alt: { tag: "plain_text", content: alt } };
      return alt ? { tag: "markdown", content: escapeLark(alt) } : null;
    }
  }
}

function toButton(button: Button, extra: Omit<FeishuCallbackValue, "command" | "fields">): FeishuButton {
  return {
    tag: "button",
    text: { tag: "plain_text", content: cut(button.label.trim() || button.command, BUTTON_TEXT_MAX) },
    type: button.style ?? "default",
    behaviors: [{ type: "callback", value: { command: button.command, ...extra } }],
  };
}

/**
 * Neutralises HTML-ish tags (a typed `<at id=all>` would notify everyone) with the entities the card markdown
 * doc prescribes (&#60; &#62;), keeping a leading `>` so quotes still work.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text (特殊字符转义)
 */
function escapeLark(md: string): string {
  return md
    .split("\n")
    .map((line) => {
      const quote = /^(\s*(?:>\s?)+)?(.*)$/.exec(line);
      const lead = quote?.[1] ?? "";
      const rest = quote?.[2] ?? "";
      return lead + rest.replace(/</g, "&#60;").replace(/>/g, "&#62;");
    })
    .join("\n");
}

/** Shrinks the card until it fits the byte and component limits: long markdown first, then trailing content. */
function fit(card: FeishuCard): FeishuCard {
  const elements = card.body.elements;
  let removedAt = -1;
  for (let guard = 0; guard < 2000; guard++) {
    const reserve = removedAt >= 0 ? 1 : 0; // room for the "…" that marks removed content
    const tooBig = bytes(card) > CARD_MAX_BYTES - reserve * 100;
    if (!tooBig && countComponents(card) <= MAX_COMPONENTS - reserve) break;
    if (tooBig) {
      const longest = longestMarkdown(elements);
      if (longest && longest.content.length > 200) {
        longest.content = cutSafe(longest.content, Math.floor(longest.content.length / 2));
        continue;
      }
    }
    let i = findLastIndex(elements, (e) => e.tag !== "column_set");
    if (i < 0) i = elements.length - 1;
    if (i < 0) {
      if (card.header) card.header.title.content = cut(card.header.title.content, 100);
      break;
    }
    elements.splice(i, 1);
    removedAt = i;
  }
  if (removedAt >= 0) elements.splice(Math.min(removedAt, elements.length), 0, { tag: "markdown", content: "…" });
  return card;
}

function bytes(card: FeishuCard): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)), "utf8");
}

/** Counts every object carrying a `tag`: components and their plain_text elements alike. */
function countComponents(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item: unknown) => n + countComponents(item), 0);
  if (node === null || typeof node !== "object") return 0;
  let n = "tag" in node ? 1 : 0;
  for (const value of Object.values(node)) n += countComponents(value);
  return n;
}

function longestMarkdown(elements: FeishuElement[]): { tag: "markdown"; content: string } | undefined {
  let best: { tag: "markdown"; content: string } | undefined;
  for (const el of elements) if (el.tag === "markdown" && (!best || el.content.length > best.content.length)) best = el;
  return best;
}

function findLastIndex<T>(items: T[], pred: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && pred(item)) return i;
  }
  return -1;
}

/** Cuts to `max` characters including "…", never inside a surrogate pair, `&#60;` entity or `<at>` tag. */
function cutSafe(s: string, max: number): string {
  if (s.length <= max) return s;
  let at = max - 1;
  const code = s.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) at -= 1;
  const amp = s.lastIndexOf("&", at - 1);
  if (amp >= 0 && at - amp < 8 && !s.slice(amp, at).includes(";")) at = amp;
  const lt = s.lastIndexOf("<", at - 1);
  if (lt >= 0 && !s.slice(lt, at).includes(">")) at = lt;
  return s.slice(0, Math.max(at, 0)) + "…";
}


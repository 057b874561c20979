import { Buffer } from "node:buffer";
import type { Block, Button, OutboundMessage } from "../../src/core/message.js";
import { stripMarkdown, toPlainText, cutText as cut, blockToPlainText } from "../../src/core/plain-text.js";

// App messages: message/send https://developer.work.weixin.qq.com/document/path/90236 and appchat/send
// https://developer.work.weixin.qq.com/document/path/90248 — markdown.content "最长不超过2048个字节，必须是utf8编码",
// text.content "最长不超过2048个字节". (4096 bytes is the group webhook robot's markdown limit, not the app's.)
const MARKDOWN_MAX_BYTES = 2048;
const TEXT_MAX_BYTES = 2048;
// template_card, card_type button_interaction (path/90236 模板卡片消息 → 按钮交互型). The 建议 ("suggested") lengths
// are what the client shows without truncating; we respect them too.
const CARD_TITLE_MAX = 36; // main_title.title 建议不超过36个字
const CARD_SUBTITLE_MAX = 160; // sub_title_text 建议不超过160个字
const CARD_ITEMS_MAX = 6; // horizontal_content_list 列表长度不超过6
const CARD_KEYNAME_MAX = 5; // horizontal_content_list.keyname 建议不超过5个字
const CARD_VALUE_MAX = 30; // horizontal_content_list.value 建议不超过30个字
const CARD_BUTTONS_MAX = 6; // button_list 列表长度不超过6
const CARD_BUTTON_TEXT_MAX = 10; // button_list.text 建议不超过10个字
const CARD_KEY_MAX_BYTES = 1024; // button_list.key 最长支持1024字节，不可重复
const TASK_ID_MAX_BYTES = 128; // task_id 只能由数字、字母和“_-@”组成，最长128字节
// Button styles are 1–4 ("不填或错填默认1"); the doc shows them only as a picture: this mapping is [unverified].
const BUTTON_STYLE = { primary: 1, default: 2, danger: 3 } as const;

/** msgtype markdown for message/send and appchat/send. */
export interface WecomMarkdownMessage {
  msgtype: "markdown";
  markdown: { content: string };
}

/** msgtype text for message/send and appchat/send. */
export interface WecomTextMessage {
  msgtype: "text";
  text: { content: string };
}

/** A template-card button: `key` is the command line, returned as EventKey of template_card_event. */
export interface WecomCardButton {
  text: string;
  style: 1 | 2 | 3 | 4;
  key: string;
}

/** msgtype template_card (button_interaction) for message/send; appchat/send does not take it. */
export interface WecomTemplateCardMessage {
  msgtype: "template_card";
  template_card: {
    card_type: "button_interaction";
    main_title: { title: string };
    sub_title_text?: string;
    horizontal_content_list: { keyname: string; value: string }[];
    button_list: WecomCardButton[];
    task_id: string;
  };
}

/** msgtype image for message/send and appchat/send: a media_id from media/upload (type=image), valid 3 days. */
export interface WecomImageMessage {
  msgtype: "image";
  image: { media_id: string };
}

/** Renders an image message (path/90236 图片消息, path/90248). */
export function renderWecomImage(mediaId: string): WecomImageMessage {
  return { msgtype: "image", image: { media_id: mediaId } };
}

/** Renders a markdown message within 2048 UTF-8 bytes (cut at a block boundary with "…"); pure, never throws. */
export function renderWecomMarkdown(message: OutboundMessage, opts: { maxBytes?: number } = {}): WecomMarkdownMessage {
  const title = message.title?.trim();
  const parts = [title ? `## ${title}` : "", ...message.blocks.map(markdownOf)].filter((p) => p.trim().length > 0);
  return { msgtype: "markdown", markdown: { content: fitParts(parts, opts.maxBytes ?? MARKDOWN_MAX_BYTES) } };
}

/** Renders a plain text message within 2048 UTF-8 bytes; buttons become "label: command" lines. */
export function renderWecomText(message: OutboundMessage): WecomTextMessage {
  const text = message.fallbackText?.trim() || toPlainText(message);
  return { msgtype: "text", text: { content: fitParts(text.split("\n\n"), TEXT_MAX_BYTES) } };
}

/** Renders a button_interaction template card; each button's key is its command line. */
export function renderWecomTemplateCard(message: OutboundMessage, opts: { taskId: string }): WecomTemplateCardMessage {
  const fields = message.blocks.flatMap((b) => (b.type === "fields" ? b.fields : []));
  const shown = fields.filter((f) => f.label.trim() || f.value.trim()).slice(0, CARD_ITEMS_MAX);
  const overflow = fields.filter((f) => !shown.includes(f) && (f.label.trim() || f.value.trim()));
  const lines: string[] = [];
  // button_interaction has no image slot; images are left out of the card.
  for (const block of message.blocks) if (block.type === "text") lines.push(plainOf(block.markdown));
  for (const f of overflow) lines.push(f.label.trim() ? `${f.label.trim()}: ${plainOf(f.value)}` : plainOf(f.value));
  const subtitle = lines.filter((l) => l.trim()).join("\n");
  const title = message.title?.trim() || subtitle.split("\n").find((l) => l.trim()) || message.fallbackText?.trim() || "…";

  const card: WecomTemplateCardMessage["template_card"] = {
    card_type: "button_interaction",
    main_title: { title: cut(title, CARD_TITLE_MAX) },
    horizontal_content_list: shown.map((f) => ({
      keyname: cut(f.label.trim() || "·", CARD_KEYNAME_MAX),
      value: cut(plainOf(f.value), CARD_VALUE_MAX),
    })),
    button_list: cardButtons(message),
    task_id: taskIdOf(opts.taskId),
  };
  if (subtitle) card.sub_title_text = cut(subtitle, CARD_SUBTITLE_MAX);
  return { msgtype: "template_card", template_card: card };
}

function cardButtons(message: OutboundMessage): WecomCardButton[] {
  const seen = new Set<string>();
  const out: WecomCardButton[] = [];
  for (const b of message.blocks.flatMap((block) => (block.type === "actions" ? block.buttons : []))) {
    // A key that is too long or repeated would be rejected; a cut command would be a different command.
    if (!b.command || bytes(b.command) > CARD_KEY_MAX_BYTES || seen.has(b.command)) continue;
    seen.add(b.command);
    out.push(toCardButton(b));
    if (out.length === CARD_BUTTONS_MAX) break;
  }
  return out;
}

function toCardButton(button: Button): WecomCardButton {
  return {
    text: cut(button.label.trim() || button.command, CARD_BUTTON_TEXT_MAX),
    style: BUTTON_STYLE[button.style ?? "default"],
    key: button.command,
  };
}

function taskIdOf(taskId: string): string {
  const clean = taskId.replace(/[^A-Za-z0-9_\-@]/g, "_").slice(0, TASK_ID_MAX_BYTES);
  return clean || "task";
}

// Supported markdown: headings #–######, bold, links, `code`, > quotes, <font color="info|comment|warning">
// (path/90236 附录 支持的markdown语法). No lists, images or rules: those stay readable as text or become links.
function markdownOf(block: Block): string {
  switch (block.type) {
    case "form":
      return markdownOf({ type: "text", markdown: blockToPlainText(block) });
    case "text":
      return block.markdown.replace(/~~(.+?)~~/g, "$1").trim();
    case "fields":
      return block.fields
        .map((f) => (f.label.trim() ? `**${f.label.trim()}**: ${f.value.trim()}` : f.value.trim()))
        .filter((l) => l.length > 0)
        .join("\n");
    case "divider":
      return "";
    case "actions":
      return block.buttons
        .map((b) => `**${b.label.trim() || b.command}**: ${b.command.includes("`") ? b.command : `\`${b.command}\``}`)
        .join("\n");
    case "image":
      // Images travel as msgtype image messages of their own (renderWecomImage); inside markdown, the alt stands in.
      return blockToPlainText(block);
  }
}

function plainOf(md: string): string {
  return stripMarkdown(md).trim();
}

function bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Joins blocks with blank lines; past `max` bytes it stops at a block boundary and ends with "…". */
function fitParts(parts: string[], max: number): string {
  const all = parts.join("\n\n");
  if (bytes(all) <= max) return all;
  const tail = "\n…";
  let out = "";
  for (const part of parts) {
    const next = out ? `${out}\n\n${part}` : part;
    if (bytes(next) + bytes(tail) > max) break;
    out = next;
  }
  if (!out) out = cutBytes(parts[0] ?? "", max - bytes(tail));
  return out + tail;
}

/** The longest prefix of whole code points within `max` bytes, ending at a line break when one is near. */
function cutBytes(s: string, max: number): string {
  let used = 0;
  let end = 0;
  for (const ch of s) {
    const n = bytes(ch);
    if (used + n > max) break;
    used += n;
    end += ch.length;
  }
  const head = s.slice(0, end);
  const nl = head.lastIndexOf("\n");
  return (nl > end / 2 ? head.slice(0, nl) : head).trimEnd();
}


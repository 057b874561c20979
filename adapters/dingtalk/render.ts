import type { Block, OutboundMessage } from "../../src/core/message.js";
import { stripMarkdown, cutText as cut, blockToPlainText } from "../../src/core/plain-text.js";

// Robot message types: https://open.dingtalk.com/document/orgapp/robot-message-types-and-data-format
// sampleMarkdown takes msgParam = JSON string {title, text}; title is required and is what notifications and the
// conversation list show. The markdown subset: headings, quotes, bold, italic, links, images, ordered and unordered
// lists. No tables, no inline code, no rules. Mentions are not part of sampleMarkdown, so they are not rendered.
// No length limit is documented for text or title: the caps below are our own, conservative and [unverified].
const TEXT_MAX = 5000;
const TITLE_MAX = 64;
// Our interactive card template shows at most this many characters on a button (the degrade step cuts first).
const CARD_BUTTON_TEXT_MAX = 20;

/** The msgKey/msgParam pair for /v1.0/robot/groupMessages/send and /v1.0/robot/oToMessages/batchSend. */
export interface DingtalkRobotMessage {
  msgKey: "sampleMarkdown";
  msgParam: string;
}

/** The msgKey/msgParam pair of an image message (sampleImageMsg). */
export interface DingtalkImageMessage {
  msgKey: "sampleImageMsg";
  msgParam: string;
}

/** A button as our card template binds it: `command` is what the card callback hands back. */
export interface DingtalkCardButton {
  text: string;
  command: string;
  style: "primary" | "danger" | "default";
}

/**
 * cardData for POST /v1.0/card/instances/createAndDeliver. cardParamMap values must be strings
 * (`cardParamMap?: { [key: string]: string }` in @alicloud/dingtalk card_1_0), so the button list travels as JSON.
 *
 * Template variables our interactive card template (built in the card platform) is assumed to declare:
 * - `title`    (string)   card header
 * - `markdown` (markdown) body, DingTalk markdown subset
 * - `buttons`  (array of {text, command, style}) rendered by a loop; each button's callback sends
 *              `{command}` back on /v1.0/card/instances/callback, where the adapter turns it into a command event.
 */
export interface DingtalkCardData {
  cardParamMap: { title: string; markdown: string; buttons: string };
}

/** Renders a sampleMarkdown robot message; pure, never throws, buttons become typed command lines. */
export function renderDingtalkMarkdown(message: OutboundMessage): DingtalkRobotMessage {
  const title = titleOf(message);
  // Only a message's own title is shown as a heading: a title taken from the first line would repeat it.
  const heading = message.title?.trim() ? [`### ${title}`] : [];
  const parts = [...heading, ...bodyParts(message, true)];
  const text = fitParts(parts, TEXT_MAX);
  return { msgKey: "sampleMarkdown", msgParam: JSON.stringify({ title, text }) };
}

/** A sampleImageMsg robot message showing an uploaded image: `photoURL` takes the media_id from /media/upload. */
export function renderDingtalkImage(mediaId: string): DingtalkImageMessage {
  return { msgKey: "sampleImageMsg", msgParam: JSON.stringify({ photoURL: mediaId }) };
}

/** Renders the cardData of an interactive card built from our template (see DingtalkCardData). */
export function renderDingtalkCardData(message: OutboundMessage): DingtalkCardData {
  const buttons: DingtalkCardButton[] = [];
  for (const block of message.blocks) {
    if (block.type !== "actions") continue;
    for (const b of block.buttons) {
      if (!b.command) continue;
      buttons.push({ text: cut(b.label.trim() || b.command, CARD_BUTTON_TEXT_MAX), command: b.command, style: b.style ?? "default" });
    }
  }
  return {
    cardParamMap: {
      title: titleOf(message),
      markdown: fitParts(bodyParts(message, false), TEXT_MAX),
      buttons: JSON.stringify(buttons),
    },
  };
}

function bodyParts(message: OutboundMessage, buttonsAsText: boolean): string[] {
  return message.blocks.map((block) => renderBlock(block, buttonsAsText)).filter((p) => p.trim().length > 0);
}

function renderBlock(block: Block, buttonsAsText: boolean): string {
  switch (block.type) {
    case "form":
      return renderBlock({ type: "text", markdown: blockToPlainText(block) }, buttonsAsText);
    case "text":
      return block.markdown.replace(/~~(.+?)~~/g, "$1").trim();
    case "fields":
      return block.fields
        .map((f) => (f.label.trim() ? `- **${f.label.trim()}**: ${f.value.trim()}` : `- ${f.value.trim()}`))
        .join("\n");
    case "divider":
      return "";
    case "actions":
      // sampleMarkdown cannot call back; the command line is what a person would type instead.
      return buttonsAsText ? block.buttons.map((b) => `- **${b.label.trim() || b.command}**: ${b.command}`).join("\n") : "";
    case "image":
      // Images travel as sampleImageMsg messages of their own (renderDingtalkImage); inside text, the alt stands in.
      return blockToPlainText(block);
  }
}

/** A title is required: the message title, else the first line of its text, else a word for "notification". */
function titleOf(message: OutboundMessage): string {
  const explicit = message.title?.trim();
  if (explicit) return cut(explicit, TITLE_MAX);
  const first = message.fallbackText?.trim() || firstTextLine(message);
  if (first) return cut(first, TITLE_MAX);
  return message.locale === "zh-CN" ? "通知" : "Notification";
}

function firstTextLine(message: OutboundMessage): string {
  for (const block of message.blocks) {
    if (block.type !== "text") continue;
    const line = stripMarkdown(block.markdown)
      .split("\n")
      .map((l) => l.replace(/^\s*([-*+]|\d+\.)\s+/, "").trim())
      .find((l) => l.length > 0);
    if (line) return line;
  }
  return "";
}

/** Joins blocks with blank lines; past `max` characters it stops at a block boundary and ends with "…". */
function fitParts(parts: string[], max: number): string {
  const all = parts.join("\n\n");
  if (all.length <= max) return all;
  const tail = "\n\n…";
  let out = "";
  for (const part of parts) {
    const next = out ? `${out}\n\n${part}` : part;
    if (next.length + tail.length > max) break;
    out = next;
  }
  if (!out) {
    const first = parts[0] ?? "";
    const room = max - tail.length;
    const nl = first.lastIndexOf("\n", room);
    out = sliceSafe(first, nl > room / 2 ? nl : room).trimEnd();
  }
  return out + tail;
}

/** The first `end` UTF-16 units, one fewer if that would split a surrogate pair. */
function sliceSafe(s: string, end: number): string {
  const code = s.charCodeAt(end - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}


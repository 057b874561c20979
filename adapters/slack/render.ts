import { uploadedRef, type UploadedImages } from "../../src/core/media.js";
import type { Block, Button, OutboundMessage } from "../../src/core/message.js";
import { toPlainText, cutText as cut, blockToPlainText } from "../../src/core/plain-text.js";

// Block Kit limits: https://api.slack.com/reference/block-kit/blocks (header, section, actions, image)
// and https://api.slack.com/reference/block-kit/block-elements#button
const MAX_BLOCKS = 50;
const HEADER_MAX = 150;
const SECTION_TEXT_MAX = 3000;
const FIELDS_PER_SECTION = 10;
const FIELD_TEXT_MAX = 2000;
const ACTIONS_MAX_ELEMENTS = 25;
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
// alt_text "Maximum length for this field is 2000 characters": https://docs.slack.dev/reference/block-kit/blocks/image-block
const IMAGE_ALT_MAX = 2000;
// https://api.slack.com/methods/chat.postMessage: "Slack will truncate messages containing more than 40,000 characters"
const FALLBACK_MAX = 40_000;
// Undocumented cumulative cap: chat.postMessage answers msg_blocks_too_long somewhere past ~12k characters of
// block text (https://github.com/slackapi/bolt-js/issues/2509, #2867). Unverified; we stay well under it.
const BLOCKS_TEXT_BUDGET = 10_000;

/** A Block Kit text object. */
export interface SlackText {
  type: "plain_text" | "mrkdwn";
  text: string;
}

/** A Block Kit button whose `value` is the command line it stands for. */
export interface SlackButton {
  type: "button";
  action_id: string;
  text: SlackText;
  value: string;
  style?: "primary" | "danger";
}

/** The Block Kit blocks this renderer emits. */
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text: SlackText }
  | { type: "section"; fields: SlackText[] }
  | { type: "divider" }
  | { type: "actions"; elements: SlackButton[] }
  | { type: "image"; slack_file: { id: string }; alt_text: string };

/** The `text` + `blocks` part of a chat.postMessage / chat.update call. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

interface RenderState {
  budget: number;
  buttons: number;
  mention: string;
  images: UploadedImages | undefined;
}

/** What the renderer needs besides the message: the file ids of images already uploaded (files.getUploadURLExternal). */
export interface SlackRenderOptions {
  images?: UploadedImages;
}

/**
 * Renders a (degraded) neutral message as Block Kit; pure, never throws, stays within Slack's limits. An image
 * shows when its file was uploaded (its id in `options.images`), else its alt text stands in.
 */
export function renderSlack(message: OutboundMessage, options: SlackRenderOptions = {}): SlackPayload {
  const mentions = (message.mentions ?? [])
    .map((id) => id.replace(/[^A-Za-z0-9._-]/g, ""))
    .filter((id) => id.length > 0)
    .map((id) => `<@${id}>`)
    .join(" ");
  const state: RenderState = { budget: BLOCKS_TEXT_BUDGET, buttons: 0, mention: mentions, images: options.images };
  const blocks: SlackBlock[] = [];
  const title = (message.title ?? "").trim();
  if (title) blocks.push({ type: "header", text: { type: "plain_text", text: cut(title, HEADER_MAX) } });
  for (const block of message.blocks) blocks.push(...renderBlock(block, state));
  if (state.mention) blocks.splice(title ? 1 : 0, 0, section(state.mention));
  return { text: fallbackText(message, mentions), blocks: fitBlockCount(blocks) };
}

function renderBlock(block: Block, state: RenderState): SlackBlock[] {
  switch (block.type) {
    case "form":
      return renderBlock({ type: "text", markdown: blockToPlainText(block) }, state);
    case "text": {
      let md = toMrkdwn(block.markdown).trim();
      if (state.mention) {
        md = md ? state.mention + (/^(>|•|\d+\.\s)/.test(md) ? "\n" : " ") + md : state.mention;
        state.mention = "";
      }
      return splitText(md, SECTION_TEXT_MAX).flatMap((chunk) => {
        const text = spend(state, chunk);
        return text ? [section(text)] : [];
      });
    }
    case "fields": {
      const items: SlackText[] = [];
      for (const field of block.fields) {
        const label = escapeSlack(field.label.trim());
        const value = toMrkdwn(field.value).trim();
        const raw = label && value ? `*${label}*\n${value}` : label ? `*${label}*` : value;
        const text = raw ? spend(state, cutSafe(raw, FIELD_TEXT_MAX)) : "";
        if (text) items.push({ type: "mrkdwn", text });
      }
      return chunk(items, FIELDS_PER_SECTION).map((fields) => ({ type: "section", fields }));
    }
    case "divider":
      return [{ type: "divider" }];
    case "actions": {
      // A command that does not fit a button value cannot be carried at all; cutting it would change its meaning.
      const elements = block.buttons
        .filter((b) => b.command.length > 0 && b.command.length <= BUTTON_VALUE_MAX)
        .map((b) => toButton(b, state.buttons++));
      return chunk(elements, ACTIONS_MAX_ELEMENTS).map((els) => ({ type: "actions", elements: els }));
    }
    case "image": {
      const alt = block.alt.trim();
      // slack_file by id: the bot that uploaded the file may show it (https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object).
      const fileId = uploadedRef(state.images, block);
      if (fileId) return [{ type: "image", slack_file: { id: fileId }, alt_text: cut(alt || block.name?.trim() || "image", IMAGE_ALT_MAX) }];
      const text = alt ? spend(state, cutSafe(escapeSlack(alt), SECTION_TEXT_MAX)) : "";
      return text ? [section(text)] : [];
    }
  }
}

function toButton(button: Button, index: number): SlackButton {
  const label = button.label.trim() || button.command;
  const out: SlackButton = {
    type: "button",
    action_id: `cmd_${index}`,
    text: { type: "plain_text", text: cut(label, BUTTON_TEXT_MAX) },
    value: button.command,
  };
  if (button.style) out.style = button.style;
  return out;
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** Takes text out of the message-wide budget; what does not fit is cut with "…". */
function spend(state: RenderState, text: string): string {
  if (state.budget <= 1) return "";
  const out = text.length <= state.budget ? text : cutSafe(text, state.budget);
  state.budget -= out.length;
  return out;
}

/** Over 50 blocks: keep every actions block (they carry the commands) and drop content from the end. */
function fitBlockCount(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = [...blocks];
  let removedAt = -1;
  for (let i = kept.length - 1; i >= 0 && kept.length > MAX_BLOCKS - 1; i--) {
    const b = kept[i];
    if (!b || b.type === "actions" || b.type === "header") continue;
    kept.splice(i, 1);
    removedAt = i;
  }
  if (removedAt >= 0) kept.splice(removedAt, 0, section("…"));
  return kept.slice(0, MAX_BLOCKS);
}

// Escaping and formatting: https://api.slack.com/reference/surfaces/formatting#escaping
function escapeSlack(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const INLINE = /(`[^`\n]+`)|\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*(.+?)\*\*|__(.+?)__|~~(.+?)~~|\*(?!\s)([^*\n]+?)\*/g;

/** CommonMark-ish inline markdown → Slack mrkdwn, escaping everything that is not markup. */
function mrkdwnInline(s: string): string {
  let out = "";
  let last = 0;
  for (const m of s.matchAll(INLINE)) {
    out += escapeSlack(s.slice(last, m.index));
    const [whole, code, label, url, bold1, bold2, strike, italic] = m;
    if (code !== undefined) out += escapeSlack(code);
    else if (label !== undefined && url !== undefined) out += `<${escapeSlack(url)}|${escapeSlack(label.replace(/\|/g, "/"))}>`;
    else if (bold1 !== undefined || bold2 !== undefined) out += `*${mrkdwnInline(bold1 ?? bold2 ?? "")}*`;
    else if (strike !== undefined) out += `~${mrkdwnInline(strike)}~`;
    else if (italic !== undefined) out += `_${mrkdwnInline(italic)}_`;
    last = m.index + whole.length;
  }
  return out + escapeSlack(s.slice(last));
}

function toMrkdwn(md: string): string {
  return md
    .split("\n")
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) return `*${mrkdwnInline((heading[1] ?? "").replace(/^\*\*(.*)\*\*$/, "$1"))}*`;
      const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (item) return `${item[1] ?? ""}• ${mrkdwnInline(item[2] ?? "")}`;
      const quote = /^(\s*>+)\s?(.*)$/.exec(line);
      if (quote) return `${(quote[1] ?? "").trim()} ${mrkdwnInline(quote[2] ?? "")}`;
      return mrkdwnInline(line);
    })
    .join("\n");
}

/** Splits text into chunks of at most `max`, preferring paragraph, then line boundaries. */
function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf("\n\n", max);
    if (at < max / 2) at = rest.lastIndexOf("\n", max);
    if (at < max / 2) at = safeCutIndex(rest, max);
    const head = rest.slice(0, at).trimEnd();
    if (head) chunks.push(head);
    rest = rest.slice(at).replace(/^\n+/, "");
  }
  if (rest.trim()) chunks.push(rest);
  return chunks;
}

/** The largest cut index ≤ max that splits no surrogate pair, `&entity;` or `<link|label>`. */
function safeCutIndex(s: string, max: number): number {
  let at = Math.min(max, s.length);
  const code = s.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) at -= 1;
  const amp = s.lastIndexOf("&", at - 1);
  if (amp >= 0 && at - amp < 10 && !s.slice(amp, at).includes(";")) at = amp;
  const lt = s.lastIndexOf("<", at - 1);
  if (lt > 0 && !s.slice(lt, at).includes(">")) at = lt;
  return at > 0 ? at : Math.max(1, Math.min(max, s.length));
}

/** Cuts escaped mrkdwn to `max` characters including the trailing "…". */
function cutSafe(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, safeCutIndex(s, max - 1)) + "…";
}


function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The notification text: the caller's fallback or a plain-text reading of the message, escaped, mentions first. */
function fallbackText(message: OutboundMessage, mentions: string): string {
  const base = escapeSlack(message.fallbackText?.trim() || toPlainText(message));
  const text = mentions && base ? `${mentions} ${base}` : mentions || base;
  return cutSafe(text, FALLBACK_MAX);
}

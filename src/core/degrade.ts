import type { Capabilities } from "./adapter.js";
import { t } from "./i18n.js";
import { formTypedUsage, type Block, type Button, type OutboundMessage } from "./message.js";
import { basicMarkdown, stripMarkdown, toPlainText } from "./plain-text.js";

/** The outcome of fitting a message to a platform: one or more parts, and the numbered choices offered. */
export interface Degraded {
  parts: OutboundMessage[];
  /** Command lines a reply of 1, 2, … stands for; empty when no button had to become a number. */
  choices: string[];
}

const ELLIPSIS = "…";

/** Cuts a label to `max` characters (code points), marking the cut. */
export function cutLabel(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : chars.slice(0, Math.max(1, max - 1)).join("") + ELLIPSIS;
}

function lowerMarkdown(markdown: string, level: Capabilities["markdown"]): string {
  if (level === "rich") return markdown;
  return level === "basic" ? basicMarkdown(markdown) : stripMarkdown(markdown);
}

function lowerBlock(block: Block, caps: Capabilities, locale: OutboundMessage["locale"]): Block {
  if (block.type === "form" && !caps.forms) {
    return { type: "text", markdown: `**${block.form.title}** — ${t(locale ?? "en", "degrade.form_typed")} \`${formTypedUsage(block.form)}\`` };
  }
  if (block.type === "image" && caps.images === "none") {
    const alt = block.alt.trim() || block.name?.trim() || "";
    return { type: "text", markdown: t(locale ?? "en", "degrade.image_alt", { alt }).trim() };
  }
  if (block.type === "text") return { type: "text", markdown: lowerMarkdown(block.markdown, caps.markdown) };
  if (block.type === "fields") {
    return { type: "fields", fields: block.fields.map((f) => ({ label: f.label, value: lowerMarkdown(f.value, caps.markdown) })) };
  }
  return block;
}

function fitButtons(blocks: Block[], caps: Capabilities): { blocks: Block[]; overflow: Button[] } {
  const out: Block[] = [];
  const overflow: Button[] = [];
  for (const block of blocks) {
    if (block.type !== "actions") {
      out.push(block);
      continue;
    }
    if (caps.buttons === false) {
      overflow.push(...block.buttons);
      continue;
    }
    const { max, labelMax } = caps.buttons;
    const kept = block.buttons.slice(0, max).map((b) => ({ ...b, label: cutLabel(b.label, labelMax) }));
    overflow.push(...block.buttons.slice(max));
    if (kept.length > 0) out.push({ type: "actions", buttons: kept });
  }
  return { blocks: out, overflow };
}

function numberedChoices(buttons: Button[], locale: OutboundMessage["locale"]): Block {
  const list = buttons.map((b, i) => `${i + 1}. ${b.label}`).join("  ");
  return { type: "text", markdown: `${t(locale ?? "en", "degrade.reply_with_number")} ${list}` };
}

function blockLength(block: Block): number {
  return [...toPlainText({ blocks: [block] })].length;
}

/** The leading whole lines of `markdown` that fit in `room` characters, and the rest; null when not even one fits. */
function takeLines(markdown: string, room: number): [string, string] | null {
  const lines = markdown.split("\n");
  let taken = 0;
  let size = -1;
  while (taken < lines.length && size + 1 + [...(lines[taken] ?? "")].length <= room) size += 1 + [...(lines[taken++] ?? "")].length;
  return taken === 0 ? null : [lines.slice(0, taken).join("\n"), lines.slice(taken).join("\n")];
}

/** Packs the blocks into parts whose text (title included) fits `max`; text is split between lines where it can be. */
function splitIntoParts(message: OutboundMessage, max: number): OutboundMessage[] {
  const chunks: Block[][] = [[]];
  let length = message.title ? [...message.title].length : 0;
  const room = (): number => max - length - (length > 0 ? 2 : 0);
  const put = (block: Block, size: number): void => {
    (chunks[chunks.length - 1] as Block[]).push(block);
    length += (length > 0 ? 2 : 0) + size;
  };
  const nextPart = (): void => {
    chunks.push([]);
    length = 0;
  };
  for (const block of message.blocks) {
    if (block.type !== "text") {
      const size = blockLength(block);
      if (length > 0 && size > room()) nextPart();
      put(block, size);
      continue;
    }
    let rest = block.markdown;
    for (let first = true; first || rest !== ""; first = false) {
      if ([...rest].length <= room()) {
        put({ type: "text", markdown: rest }, [...rest].length);
        break;
      }
      const taken = takeLines(rest, room());
      if (taken) {
        put({ type: "text", markdown: taken[0] }, [...taken[0]].length);
        rest = taken[1];
      } else if (length > 0) {
        nextPart();
      } else {
        const chars = [...rest];
        put({ type: "text", markdown: chars.slice(0, max).join("") }, max);
        rest = chars.slice(max).join("");
      }
    }
  }
  const parts: OutboundMessage[] = chunks.map((blocks) => ({ blocks }));
  return parts.map((part, i) => ({
    ...part,
    ...(i === 0 && message.title ? { title: message.title } : {}),
    ...(i === 0 && message.mentions ? { mentions: message.mentions } : {}),
    ...(message.locale ? { locale: message.locale } : {}),
  }));
}

/**
 * Fits a neutral message to a platform's capabilities. Pure: same input, same output. Where images travel as
 * messages of their own, each image becomes a part after the rest of the message (so a retry resends only what
 * was not sent yet).
 */
export function degrade(message: OutboundMessage, caps: Capabilities): Degraded {
  const lowered = message.blocks.map((b) => lowerBlock(b, caps, message.locale));
  const { blocks, overflow } = fitButtons(lowered, caps);
  if (overflow.length > 0) blocks.push(numberedChoices(overflow, message.locale));
  const separate = caps.images === "separate";
  const content = separate ? blocks.filter((b) => b.type !== "image") : blocks;
  const pictures = separate ? blocks.filter((b) => b.type === "image") : [];
  const fitted: OutboundMessage = { ...message, blocks: content };
  if (fitted.fallbackText === undefined) fitted.fallbackText = toPlainText({ ...message, blocks });
  const textParts = content.length > 0 || message.title?.trim() || pictures.length === 0 ? splitIntoParts(fitted, caps.maxTextLength) : [];
  const imageParts: OutboundMessage[] = pictures.map((b) => ({ blocks: [b], ...(message.locale ? { locale: message.locale } : {}) }));
  const parts = [...textParts, ...imageParts].map((p, _i, all) =>
    all.length === 1 ? { ...p, fallbackText: fitted.fallbackText } : { ...p, fallbackText: toPlainText(p) },
  );
  return { parts, choices: overflow.map((b) => b.command) };
}

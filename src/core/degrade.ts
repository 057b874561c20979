import type { Capabilities } from "./adapter.js";
import { t } from "./i18n.js";
import type { Block, Button, OutboundMessage } from "./message.js";
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

function lowerBlock(block: Block, caps: Capabilities): Block {
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

function splitText(markdown: string, max: number): string[] {
  if ([...markdown].length <= max) return [markdown];
  const pieces: string[] = [];
  let current = "";
  for (const line of markdown.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    let rest = line;
    while ([...rest].length > max) {
      const chars = [...rest];
      pieces.push(chars.slice(0, max).join(""));
      rest = chars.slice(max).join("");
    }
    current = rest;
  }
  if (current) pieces.push(current);
  return pieces;
}

function blockLength(block: Block): number {
  return [...toPlainText({ blocks: [block] })].length;
}

function splitIntoParts(message: OutboundMessage, max: number): OutboundMessage[] {
  const blocks = message.blocks.flatMap((b): Block[] =>
    b.type === "text" ? splitText(b.markdown, max).map((markdown) => ({ type: "text", markdown })) : [b],
  );
  const parts: OutboundMessage[] = [];
  let current: Block[] = [];
  let length = message.title ? [...message.title].length : 0;
  for (const block of blocks) {
    const size = blockLength(block) + 2;
    if (current.length > 0 && length + size > max) {
      parts.push({ blocks: current });
      current = [];
      length = 0;
    }
    current.push(block);
    length += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push({ blocks: current });
  return parts.map((part, i) => ({
    ...part,
    ...(i === 0 && message.title ? { title: message.title } : {}),
    ...(i === 0 && message.mentions ? { mentions: message.mentions } : {}),
    ...(message.locale ? { locale: message.locale } : {}),
  }));
}

/** Fits a neutral message to a platform's capabilities. Pure: same input, same output. */
export function degrade(message: OutboundMessage, caps: Capabilities): Degraded {
  const lowered = message.blocks.map((b) => lowerBlock(b, caps));
  const { blocks, overflow } = fitButtons(lowered, caps);
  if (overflow.length > 0) blocks.push(numberedChoices(overflow, message.locale));
  const fitted: OutboundMessage = { ...message, blocks };
  if (fitted.fallbackText === undefined) fitted.fallbackText = toPlainText(fitted);
  const parts = splitIntoParts(fitted, caps.maxTextLength).map((p, i, all) =>
    all.length === 1 ? { ...p, fallbackText: fitted.fallbackText } : { ...p, fallbackText: toPlainText(p) },
  );
  return { parts, choices: overflow.map((b) => b.command) };
}

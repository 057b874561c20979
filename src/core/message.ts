import type { Locale } from "./i18n.js";

export interface Button {
  label: string;
  /** The exact command line a person could type instead of clicking. */
  command: string;
  style?: "primary" | "danger";
}

/** One input of a form (Slack modal, Feishu card form). */
export interface FormField {
  /** The flag the value fills, e.g. "yesterday" → `--yesterday "…"`. */
  name: string;
  label: string;
  kind: "text" | "textarea" | "select" | "date";
  required?: boolean;
  options?: { label: string; value: string }[];
  initial?: string;
  placeholder?: string;
}

/**
 * A form whose submission becomes the command line `command --name "value" …` (source "form"). Where a
 * platform has no forms, the degrade step turns it into the typed command to use instead.
 */
export interface FormSpec {
  title: string;
  submitLabel: string;
  command: string;
  fields: FormField[];
}

export type Block =
  | { type: "text"; markdown: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "divider" }
  | { type: "actions"; buttons: Button[] }
  | ImageBlock
  | { type: "form"; form: FormSpec };

/**
 * A picture carried as PNG bytes (a chart, say), never as a link: each adapter uploads it the way its platform
 * wants. A link to a web page is a link in text, not an image. `alt` is what a reader sees where no image can be shown.
 */
export interface ImageBlock {
  type: "image";
  png: Uint8Array;
  alt: string;
  /** The file name shown where the platform shows one (default "image.png"). */
  name?: string;
}

/** The platform-neutral message every command and flow produces. */
export interface OutboundMessage {
  title?: string;
  blocks: Block[];
  fallbackText?: string;
  /** Platform user ids to @mention. */
  mentions?: string[];
  /** The reader's locale, so that the degrade step words its hints in their language. */
  locale?: Locale;
  /**
   * Sent, then pushed through the platform's urgent channel where it has one (Feishu buzz, DingTalk DING) to the DM's
   * reader or the group's `mentions`; elsewhere a normal message. The deliver job makes the urgent call once.
   */
  urgent?: boolean;
}

/** Builds a message from a title and blocks. */
export function message(title: string | undefined, ...blocks: Block[]): OutboundMessage {
  return title === undefined ? { blocks } : { title, blocks };
}

/** A markdown text block. */
export function text(markdown: string): Block {
  return { type: "text", markdown };
}

/** A label/value grid. */
export function fields(entries: [string, string][]): Block {
  return { type: "fields", fields: entries.map(([label, value]) => ({ label, value })) };
}

export function divider(): Block {
  return { type: "divider" };
}

/** A row of buttons; each button carries a command line. */
export function actions(...buttons: Button[]): Block {
  return { type: "actions", buttons };
}

export function button(label: string, command: string, style?: Button["style"]): Button {
  return style ? { label, command, style } : { label, command };
}

/** An image block from PNG bytes. */
export function image(png: Uint8Array, alt: string, name?: string): Block {
  return name === undefined ? { type: "image", png, alt } : { type: "image", png, alt, name };
}

/** Every image block of a message, in reading order. */
export function imagesOf(msg: OutboundMessage): ImageBlock[] {
  return msg.blocks.filter((b): b is ImageBlock => b.type === "image");
}

/** A plain text-only message. */
export function plain(markdown: string): OutboundMessage {
  return { blocks: [text(markdown)] };
}

/** Every button in a message, in reading order. */
export function buttonsOf(msg: OutboundMessage): Button[] {
  return msg.blocks.flatMap((b) => (b.type === "actions" ? b.buttons : []));
}

/** A form block. */
export function form(spec: FormSpec): Block {
  return { type: "form", form: spec };
}

/** The command line a filled form stands for; empty values are left out, quotes inside values are kept safe. */
export function formCommandLine(spec: FormSpec, values: Record<string, string | undefined>): string {
  const parts = [spec.command];
  for (const field of spec.fields) {
    const value = values[field.name]?.trim();
    if (!value) continue;
    parts.push(`--${field.name.replace(/_/g, "-")}`, `“${value.replace(/[“”]/g, '"')}”`);
  }
  return parts.join(" ");
}

/** How to type what a form asks for: `standup --yesterday "…" --today "…"`. */
export function formTypedUsage(spec: FormSpec): string {
  return [spec.command, ...spec.fields.map((f) => `--${f.name.replace(/_/g, "-")} "${f.placeholder ?? f.label}"`)].join(" ");
}

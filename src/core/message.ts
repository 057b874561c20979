import type { Locale } from "./i18n.js";

export interface Button {
  label: string;
  /** The exact command line a person could type instead of clicking. */
  command: string;
  style?: "primary" | "danger";
}

export type Block =
  | { type: "text"; markdown: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "divider" }
  | { type: "actions"; buttons: Button[] }
  | { type: "image"; url: string; alt: string };

/** The platform-neutral message every command and flow produces. */
export interface OutboundMessage {
  title?: string;
  blocks: Block[];
  fallbackText?: string;
  /** Platform user ids to @mention. */
  mentions?: string[];
  /** The reader's locale, so that the degrade step words its hints in their language. */
  locale?: Locale;
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

export function image(url: string, alt: string): Block {
  return { type: "image", url, alt };
}

/** A plain text-only message. */
export function plain(markdown: string): OutboundMessage {
  return { blocks: [text(markdown)] };
}

/** Every button in a message, in reading order. */
export function buttonsOf(msg: OutboundMessage): Button[] {
  return msg.blocks.flatMap((b) => (b.type === "actions" ? b.buttons : []));
}

import { formTypedUsage, type Block, type OutboundMessage } from "./message.js";

/** Lowers CommonMark-ish markdown to plain text: markers dropped, links kept as "label (url)". */
export function stripMarkdown(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?([\s\S]*?)```/g, "$1")
    .replace(/!\[([^\]]*)\]\(([^)]+)\)/g, "$1")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 ($2)")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1$2")
    .replace(/~~(.+?)~~/g, "$1")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/^>\s?/gm, "");
}

/** Lowers markdown to the basic subset most chat platforms show: bold, links, lists, code; headings become bold. */
export function basicMarkdown(markdown: string): string {
  return markdown.replace(/^#{1,6}\s+(.+)$/gm, "**$1**").replace(/~~(.+?)~~/g, "$1");
}

/** The plain-text form of one block; `numberFrom` numbers buttons when given. */
export function blockToPlainText(block: Block): string {
  switch (block.type) {
    case "text":
      return stripMarkdown(block.markdown);
    case "fields":
      return block.fields.map((f) => `${f.label}: ${stripMarkdown(f.value)}`).join("\n");
    case "divider":
      return "—".repeat(12);
    case "actions":
      return block.buttons.map((b) => `[${b.label}]`).join("  ");
    case "image":
      return `🖼 ${block.alt.trim() || block.name?.trim() || ""}`.trim();
    case "form":
      return `${block.form.title}: ${formTypedUsage(block.form)}`;
  }
}

/** Every message can be reduced to plain text: title, then each block, blank-line separated. */
export function toPlainText(message: OutboundMessage): string {
  const parts = message.title ? [message.title] : [];
  for (const block of message.blocks) parts.push(blockToPlainText(block));
  return parts.filter((p) => p.length > 0).join("\n\n");
}

/** Cuts text to `max` UTF-16 units including the trailing "…", never splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end) + "…";
}

import { uploadedRef, type UploadedImages } from "../../src/core/media.js";
import type { OutboundMessage } from "../../src/core/message.js";
import { blockToPlainText } from "../../src/core/plain-text.js";

/**
 * Renders a message as a boxed text card; buttons are numbered in reading order for `:click <n>`. An image shows
 * its alt text and, when it was written out, the file's path (`images`: content address → path).
 */
export function renderConsoleCard(message: OutboundMessage, options: { images?: UploadedImages } = {}): string {
  const lines: string[] = [];
  lines.push(message.title ? `┌─ ${message.title}` : "┌─");
  let buttonNumber = 0;
  for (const block of message.blocks) {
    switch (block.type) {
      case "text":
        for (const line of block.markdown.split("\n")) lines.push(`│ ${line}`);
        break;
      case "fields":
        for (const f of block.fields) {
          const [first = "", ...rest] = f.value.split("\n");
          lines.push(`│ ${f.label}: ${first}`, ...rest.map((line) => `│   ${line}`));
        }
        break;
      case "divider":
        lines.push("├────");
        break;
      case "actions":
        lines.push(`│ ${block.buttons.map((b) => `[${++buttonNumber}] ${b.label}`).join("   ")}`);
        break;
      case "image": {
        const path = uploadedRef(options.images, block);
        lines.push(`│ 🖼  ${block.alt.trim() || block.name?.trim() || "image"}${path ? ` → ${path}` : ""}`);
        break;
      }
      case "form":
        lines.push(`│ 📝 ${blockToPlainText(block)}`);
        break;
    }
  }
  lines.push("└─");
  return lines.join("\n");
}

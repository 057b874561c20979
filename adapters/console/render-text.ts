import type { OutboundMessage } from "../../src/core/message.js";
import { blockToPlainText } from "../../src/core/plain-text.js";

/** Renders a message as a boxed text card; buttons are numbered in reading order for `:click <n>`. */
export function renderConsoleCard(message: OutboundMessage): string {
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
      case "image":
        lines.push(`│ 🖼  ${block.alt} <${block.url}>`);
        break;
      case "form":
        lines.push(`│ 📝 ${blockToPlainText(block)}`);
        break;
    }
  }
  lines.push("└─");
  return lines.join("\n");
}

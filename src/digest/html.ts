/** Escapes text for HTML (element content and quoted attributes). */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A titled section of the web report. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${body}</section>`;
}

/** A list of escaped items; empty string when there are none. */
export function list(items: readonly string[], className = ""): string {
  if (items.length === 0) return "";
  return `<ul${className ? ` class="${esc(className)}"` : ""}>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

/** A paragraph of escaped text. */
export const para = (text: string) => `<p>${esc(text)}</p>`;

/** A collapsible list behind a number (no JavaScript: `<details>`). */
export function behind(summary: string, items: readonly string[]): string {
  if (items.length === 0) return para(summary);
  return `<details><summary>${esc(summary)}</summary>${list(items)}</details>`;
}

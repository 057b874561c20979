/** The longest error text kept in a row or a log line. */
export const ERROR_TEXT_MAX = 400;

/**
 * Where a platform's error text may start echoing our request: a quoted string, a JSON object or array. An
 * apostrophe inside a word ("the app's range") is not a quote.
 */
const ECHO_START = /["{[“‘「`]|(?<![\p{L}\p{N}])'/u;

/**
 * An error text fit to keep: its first line, cut where anything quoted or JSON-like begins (a platform that echoes
 * the request back puts message text there), and bounded. The class, the code and the platform's own words before
 * that stay, which is what someone reading `deliveries.last_error` or a log line needs.
 */
export function sanitizeErrorText(text: string, max = ERROR_TEXT_MAX): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const echo = firstLine.search(ECHO_START);
  const kept = echo === -1 ? firstLine : `${firstLine.slice(0, echo).trimEnd()} …`;
  return kept.length > max ? `${kept.slice(0, max - 1)}…` : kept;
}

/** An error of any kind as a kept text: its class and its sanitised message. */
export function errorText(error: unknown, max = ERROR_TEXT_MAX): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = `${error.name}${typeof code === "string" || typeof code === "number" ? ` ${code}` : ""}`;
    return sanitizeErrorText(`${prefix}: ${error.message}`, max);
  }
  return sanitizeErrorText(String(error), max);
}

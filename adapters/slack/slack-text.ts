// Slack's message formatting as it arrives in `text`: https://api.slack.com/reference/surfaces/formatting
// (<@U123>, <#C123|name>, <!here>, <https://x|label>, and &amp; &lt; &gt; escaping).

/** The bot's own mention anywhere in the text. */
export function mentionsUser(text: string, userId: string | undefined): boolean {
  return userId !== undefined && new RegExp(`<@${escapeRegExp(userId)}(\\|[^>]*)?>`).test(text);
}

/**
 * Turns Slack-formatted text into the command line a person typed: the bot's mention dropped, other people as
 * `@U123` (our person reference), channels as `#name`, links as what was typed, entities unescaped.
 * `dropLeadingMention` removes a first `<@…>` when the bot's id is not known (an app_mention starts with it).
 */
export function slackTextToLine(text: string, options: { botUserId?: string; dropLeadingMention?: boolean } = {}): string {
  let out = text;
  if (options.dropLeadingMention && !options.botUserId) out = out.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/, "");
  out = out
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => (id === options.botUserId ? "" : `@${id}`))
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name: string | undefined) => `#${name || id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name: string | undefined) => name || `@${id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, "$1")
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_m, _target: string, label: string) => label)
    .replace(/<(?:mailto:|tel:)?([^<>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

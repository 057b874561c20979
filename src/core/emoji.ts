// One name per emoji, whatever the platform calls it: Slack sends short names ("thumbsup", "+1",
// "thumbsup::skin-tone-2"; https://docs.slack.dev/reference/events/reaction_added/), Feishu upper-case emoji types
// ("THUMBSUP", "JIAYI" for +1, "DONE"; https://open.feishu.cn/document/server-docs/im-v1/message-reaction/emojis-introduce),
// the console whatever is typed (a name, ":ticket:", or the emoji itself). Names follow Slack's, the most widely known.

const ALIASES: Readonly<Record<string, string>> = {
  thumbsup: "+1",
  thumbs_up: "+1",
  like: "+1",
  jiayi: "+1",
  "👍": "+1",
  thumbsdown: "-1",
  thumbs_down: "-1",
  "👎": "-1",
  heavy_check_mark: "white_check_mark",
  check: "white_check_mark",
  checkmark: "white_check_mark",
  done: "white_check_mark",
  "✅": "white_check_mark",
  "✔️": "white_check_mark",
  "🎫": "ticket",
  "🎟️": "ticket",
  "❤️": "heart",
  "👀": "eyes",
  eye: "eyes",
  "🙏": "pray",
  "😄": "smile",
  "🎉": "tada",
  "❌": "x",
  cross: "x",
  ok: "ok_hand",
  "👌": "ok_hand",
  "🐛": "bug",
};

/** The neutral name of a reaction emoji: lower case, no colons or skin tone, platform aliases folded ("THUMBSUP" → "+1"). */
export function normalizeEmoji(raw: string): string {
  const name = raw.trim().replace(/::skin-tone-\d$/, "").replace(/^:(.+):$/, "$1").toLowerCase();
  return ALIASES[name] ?? name;
}

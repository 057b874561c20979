import type { Capabilities } from "../../src/core/adapter.js";

/** What Slack shows and allows, read by the degrade step and the contract tests. */
export const slackCapabilities: Capabilities = {
  // 5 is our choice for a readable row; Block Kit allows 25 elements per actions block and 75-character button text
  // (https://api.slack.com/reference/block-kit/blocks#actions, .../block-elements#button).
  buttons: { max: 5, labelMax: 75 },
  forms: true, // views.open modals: https://api.slack.com/methods/views.open
  markdown: "rich", // mrkdwn: https://api.slack.com/reference/surfaces/formatting
  editMessage: true, // chat.update: https://api.slack.com/methods/chat.update
  ephemeral: true, // chat.postEphemeral: https://api.slack.com/methods/chat.postEphemeral
  threads: true, // thread_ts: https://api.slack.com/methods/chat.postMessage
  createGroup: true, // conversations.create + conversations.invite
  maxTextLength: 3000, // section text limit: https://api.slack.com/reference/block-kit/blocks#section
  // chat.postMessage "generally allows an app to post 1 message per second to a specific channel":
  // https://api.slack.com/apis/rate-limits (special rate limits)
  rateLimits: [{ scope: "target", limit: 1, windowMs: 1000 }],
  reactions: true, // reaction_added / reaction_removed: https://docs.slack.dev/reference/events/reaction_added/
  // An image block showing a file we uploaded (slack_file): https://docs.slack.dev/reference/block-kit/blocks/image-block
  images: "inline",
};

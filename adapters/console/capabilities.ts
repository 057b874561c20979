import type { Capabilities } from "../../src/core/adapter.js";

/** The console shows everything a rich platform would, as text; buttons are clicked with `:click <n>`. */
export const consoleCapabilities: Capabilities = {
  buttons: { max: 5, labelMax: 40 },
  forms: false,
  markdown: "basic",
  editMessage: true,
  ephemeral: false,
  threads: false,
  createGroup: true,
  maxTextLength: 4000,
  rateLimits: [],
  reactions: true, // :react <message> <emoji>
  images: "inline", // written under DATA_DIR, the path printed in the card
};

// The smallest pieces of a Feishu card (JSON 2.0), shared by the card renderer and its forms.

/** A card plain_text element. */
export interface FeishuPlainText {
  tag: "plain_text";
  content: string;
}

/**
 * What a callback carries back in `card.action.trigger`: the command line, the field order of a form, and
 * `chat: "p2p"` on cards sent to a direct chat (the callback itself does not say which kind of chat it came from).
 */
export interface FeishuCallbackValue {
  command: string;
  fields?: string[];
  chat?: "p2p";
}

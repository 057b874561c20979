import type { ConversationRef } from "../../src/core/adapter.js";
import { formCommandLine, type FormField, type FormSpec, type OutboundMessage } from "../../src/core/message.js";
import { cutText } from "../../src/core/plain-text.js";
import { list, obj, record, str, type Json } from "./payload.js";
import { renderSlack, type SlackBlock } from "./render.js";

// Modals: https://api.slack.com/reference/surfaces/views (title/submit ≤ 24 chars, private_metadata ≤ 3000,
// ≤ 100 blocks), input blocks: https://api.slack.com/reference/block-kit/blocks#input, elements:
// https://api.slack.com/reference/block-kit/block-elements (plain_text_input, static_select ≤ 100 options with
// text ≤ 75 and value ≤ 150, datepicker).
const TITLE_MAX = 24;
const LABEL_MAX = 2000;
const PLACEHOLDER_MAX = 150;
const INITIAL_MAX = 3000;
const OPTIONS_MAX = 100;
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const METADATA_MAX = 3000;
const MODAL_BLOCKS_MAX = 100;

/** The callback_id of every modal this adapter opens; a view_submission with another id is not ours. */
export const FORM_CALLBACK_ID = "rollout_form";
/** Every input's action_id; the field name is the block_id. */
const VALUE_ACTION = "value";

/** What a modal remembers in private_metadata: the command, the field order, and where to answer. */
interface FormMetadata {
  v: 1;
  cmd: string;
  f: string[];
  c: string;
  k: "d" | "g";
  t?: string;
}

/** A Block Kit modal view for views.open. */
export interface SlackModal {
  type: "modal";
  callback_id: string;
  private_metadata: string;
  title: { type: "plain_text"; text: string };
  submit: { type: "plain_text"; text: string };
  blocks: (SlackBlock | SlackInputBlock)[];
}

interface SlackInputBlock {
  type: "input";
  block_id: string;
  optional: boolean;
  label: { type: "plain_text"; text: string };
  element: Json;
}

/**
 * The modal for a form: the rest of the message (text, fields, images) above one input per field. Null when the
 * form cannot be carried (its command and fields do not fit private_metadata).
 */
export function buildModal(form: FormSpec, message: OutboundMessage, answerIn: ConversationRef): SlackModal | null {
  const metadata: FormMetadata = {
    v: 1,
    cmd: form.command,
    f: form.fields.map((f) => f.name),
    c: answerIn.conversationId,
    k: answerIn.kind === "direct" ? "d" : "g",
    ...(answerIn.threadId ? { t: answerIn.threadId } : {}),
  };
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > METADATA_MAX || form.fields.length === 0) return null;
  const rest: OutboundMessage = { blocks: message.blocks.filter((b) => b.type !== "form" && b.type !== "actions") };
  if (message.title && message.title !== form.title) rest.title = message.title;
  const context = rest.blocks.length > 0 || rest.title ? renderSlack(rest).blocks : [];
  const inputs = form.fields.map(inputBlock);
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plainText(form.title || form.command, TITLE_MAX),
    submit: plainText(form.submitLabel || "OK", TITLE_MAX),
    blocks: [...context.slice(0, MODAL_BLOCKS_MAX - inputs.length), ...inputs],
  };
}

function plainText(text: string, max: number): { type: "plain_text"; text: string } {
  return { type: "plain_text", text: cutText(text.trim() || "…", max) };
}

function inputBlock(field: FormField): SlackInputBlock {
  const placeholder = field.placeholder ? { placeholder: plainText(field.placeholder, PLACEHOLDER_MAX) } : {};
  let element: Json;
  if (field.kind === "select" && field.options && field.options.length > 0) {
    const options = field.options
      .filter((o) => o.value.length <= OPTION_VALUE_MAX)
      .slice(0, OPTIONS_MAX)
      .map((o) => ({ text: plainText(o.label, OPTION_TEXT_MAX), value: o.value }));
    const initial = options.find((o) => o.value === field.initial);
    element = { type: "static_select", action_id: VALUE_ACTION, options, ...placeholder, ...(initial ? { initial_option: initial } : {}) };
  } else if (field.kind === "date") {
    const initial = field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial) ? { initial_date: field.initial } : {};
    element = { type: "datepicker", action_id: VALUE_ACTION, ...placeholder, ...initial };
  } else {
    element = {
      type: "plain_text_input",
      action_id: VALUE_ACTION,
      multiline: field.kind === "textarea",
      ...placeholder,
      ...(field.initial ? { initial_value: cutText(field.initial, INITIAL_MAX) } : {}),
    };
  }
  return { type: "input", block_id: field.name, optional: !field.required, label: plainText(field.label, LABEL_MAX), element };
}

/** A submitted form: the command line it stands for and where the modal was opened from. */
export interface FormSubmission {
  commandLine: string;
  to?: { conversationId: string; kind: ConversationRef["kind"]; threadId?: string };
}

/** Reads a view_submission's view (https://api.slack.com/reference/interaction-payloads/views#view_submission). */
export function readFormSubmission(view: Json | undefined): FormSubmission | null {
  const metadata = parseMetadata(str(view, "private_metadata"));
  if (!metadata) return null;
  const values = obj(obj(view, "state"), "values");
  const filled: Record<string, string | undefined> = {};
  for (const name of metadata.f) filled[name] = inputValue(obj(obj(values, name), VALUE_ACTION));
  const spec: FormSpec = { title: "", submitLabel: "", command: metadata.cmd, fields: metadata.f.map((name) => ({ name, label: name, kind: "text" })) };
  return {
    commandLine: formCommandLine(spec, filled),
    ...(metadata.c ? { to: { conversationId: metadata.c, kind: metadata.k === "d" ? "direct" : "group", ...(metadata.t ? { threadId: metadata.t } : {}) } } : {}),
  };
}

function inputValue(state: Json | undefined): string | undefined {
  return str(state, "value") ?? str(obj(state, "selected_option"), "value") ?? str(state, "selected_date");
}

function parseMetadata(text: string | undefined): FormMetadata | null {
  if (!text) return null;
  let parsed: Json | undefined;
  try {
    parsed = record(JSON.parse(text));
  } catch {
    return null;
  }
  const cmd = str(parsed, "cmd");
  const fields = list(parsed, "f").filter((f): f is string => typeof f === "string");
  if (parsed?.v !== 1 || !cmd) return null;
  const k = str(parsed, "k") === "d" ? "d" : "g";
  const t = str(parsed, "t");
  return { v: 1, cmd, f: fields, c: str(parsed, "c") ?? "", k, ...(t ? { t } : {}) };
}

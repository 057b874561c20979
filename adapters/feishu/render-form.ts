import type { FormField, FormSpec } from "../../src/core/message.js";
import { cutText as cut } from "../../src/core/plain-text.js";
import type { FeishuCallbackValue, FeishuPlainText } from "./card-parts.js";

// Form container (JSON 2.0): https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container
// Its inputs: input https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/input,
// select_static …/interactive-components/single-select-dropdown-menu, date_picker …/interactive-components/date-picker.
// A click on the submit button calls back `card.action.trigger` with `action.form_value` = {name: value}; the button's
// value names the command and the field order, so inbound.ts can rebuild the line with formCommandLine.

const LABEL_MAX = 100;
const PLACEHOLDER_MAX = 100;

/** One input of a card form. */
export type FeishuFormInput =
  | {
      tag: "input";
      name: string;
      required: boolean;
      label: FeishuPlainText;
      label_position: "top";
      input_type: "text" | "multiline_text";
      rows?: number;
      placeholder?: FeishuPlainText;
      default_value?: string;
    }
  | {
      tag: "select_static";
      name: string;
      required: boolean;
      placeholder: FeishuPlainText;
      options: { text: FeishuPlainText; value: string }[];
      initial_option?: string;
    }
  | { tag: "date_picker"; name: string; required: boolean; placeholder: FeishuPlainText; initial_date?: string };

/** The submit button of a card form. */
export interface FeishuSubmitButton {
  tag: "button";
  name: string;
  text: FeishuPlainText;
  type: "primary";
  form_action_type: "submit";
  behaviors: { type: "callback"; value: FeishuCallbackValue }[];
}

/** A form container: a title, its inputs and one submit button. */
export interface FeishuForm {
  tag: "form";
  name: string;
  elements: ({ tag: "markdown"; content: string } | FeishuFormInput | FeishuSubmitButton)[];
}

const plainText = (content: string, max: number): FeishuPlainText => ({ tag: "plain_text", content: cut(content.trim(), max) });

/** The component name Feishu reports the value under; card component names allow letters, digits and `_`. */
export function feishuFieldName(field: FormField): string {
  return field.name.replace(/[^A-Za-z0-9_]/g, "_");
}

function toInput(field: FormField): FeishuFormInput {
  const name = feishuFieldName(field);
  const required = field.required ?? false;
  const placeholder = plainText(field.placeholder ?? field.label, PLACEHOLDER_MAX);
  if (field.kind === "select" && field.options && field.options.length > 0) {
    const options = field.options.map((o) => ({ text: plainText(o.label, LABEL_MAX), value: o.value }));
    return { tag: "select_static", name, required, placeholder, options, ...(field.initial ? { initial_option: field.initial } : {}) };
  }
  if (field.kind === "date") {
    return { tag: "date_picker", name, required, placeholder, ...(field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial) ? { initial_date: field.initial } : {}) };
  }
  return {
    tag: "input",
    name,
    required,
    label: plainText(field.label, LABEL_MAX),
    label_position: "top",
    input_type: field.kind === "textarea" ? "multiline_text" : "text",
    ...(field.kind === "textarea" ? { rows: 3 } : {}),
    placeholder,
    ...(field.initial ? { default_value: field.initial } : {}),
  };
}

/** Renders a neutral form as a card form container whose submit calls back with the command and field order. */
export function renderFeishuForm(form: FormSpec, index: number, extra: Omit<FeishuCallbackValue, "command" | "fields">): FeishuForm {
  const title = form.title.trim();
  const value: FeishuCallbackValue = { command: form.command, fields: form.fields.map(feishuFieldName), ...extra };
  return {
    tag: "form",
    name: `form_${index}`,
    elements: [
      ...(title ? [{ tag: "markdown" as const, content: `**${title.replace(/</g, "&#60;").replace(/>/g, "&#62;")}**` }] : []),
      ...form.fields.map(toInput),
      {
        tag: "button",
        name: `submit_${index}`,
        text: plainText(form.submitLabel || "OK", LABEL_MAX),
        type: "primary",
        form_action_type: "submit",
        behaviors: [{ type: "callback", value }],
      },
    ],
  };
}

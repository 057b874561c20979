import type { Attachment, ConversationRef, PlatformId } from "../core/adapter.js";
import { AttachmentError, attachmentLabel, decodeTextFile, type AttachmentProblem, type AttachmentReader } from "../core/attachments.js";
import "./i18n.js"; // registers the texts these builders look up
import type { Translate } from "./i18n.js";
import type { Logger } from "../logger.js";
import { MAX_IMPORT_BYTES } from "./import.js";

const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|numbers|et)$/i;
const TEXTUAL = /\.(csv|tsv|txt)$/i;

const PLATFORM_KEYS: Record<PlatformId, string> = {
  slack: "platforms.slack",
  feishu: "platforms.feishu",
  dingtalk: "platforms.dingtalk",
  wecom: "platforms.wecom",
  console: "platforms.console",
};

const PROBLEM_KEYS: Record<AttachmentProblem, string> = {
  too_large: "raci.import.upload.too_large",
  unavailable: "raci.import.upload.unavailable",
  forbidden: "raci.import.upload.forbidden",
  failed: "raci.import.upload.failed",
  unsupported: "raci.import.upload.unsupported",
};

/** The upload an import reads: the first that looks like CSV by name or type, else the first. */
export function pickUpload(attachments: readonly Attachment[]): Attachment | undefined {
  return attachments.find((a) => TEXTUAL.test(a.name) || a.mimeType?.startsWith("text/")) ?? attachments[0];
}

export type UploadRead = { ok: true; text: string } | { ok: false; message: string };

/**
 * Reads an uploaded CSV through the platform's adapter and decodes it (UTF-8, or GB18030 as Excel writes it on
 * Chinese Windows). Every way it can fail becomes one sentence for the person; the reason goes to the log,
 * never the file's content.
 */
export function createUploadReader(deps: { readAttachment: AttachmentReader; logger: Logger }) {
  return async (conversation: ConversationRef, attachment: Attachment, t: Translate): Promise<UploadRead> => {
    const name = attachmentLabel(attachment, t);
    if (SPREADSHEET.test(attachment.name)) return { ok: false, message: t("raci.import.upload.spreadsheet", { name }) };
    let body: Buffer;
    try {
      body = await deps.readAttachment(conversation, attachment, { maxBytes: MAX_IMPORT_BYTES });
    } catch (error) {
      const problem: AttachmentProblem = error instanceof AttachmentError ? error.problem : "failed";
      deps.logger.warn({ platform: conversation.platform, problem, detail: error instanceof AttachmentError ? error.detail : String(error) }, "could not read an uploaded file");
      return { ok: false, message: t(PROBLEM_KEYS[problem], { name, platform: t(PLATFORM_KEYS[conversation.platform]) }) };
    }
    const text = decodeTextFile(body);
    if (text === null) return { ok: false, message: t("raci.import.upload.not_text", { name }) };
    return { ok: true, text };
  };
}

export type UploadReader = ReturnType<typeof createUploadReader>;

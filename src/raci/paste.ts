import type { Attachment, ConversationRef } from "../core/adapter.js";
import type { Clock } from "../core/clock.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { translator, type Locale } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { AuditService } from "../audit/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { TaskAsker } from "./asker.js";
import type { ImportTarget, RaciImport } from "./import.js";
import { FILE_PROBLEM_KEYS } from "./labels.js";
import { pickUpload, type UploadReader } from "./upload.js";

/** The guided-conversation kind of "paste the RACI CSV as your next message". */
export const RACI_PASTE_KIND = "raci_import";
const PASTE_TTL_MS = 10 * 60 * 1000;
const CANCEL = new Set(["cancel", "stop", "取消", "算了"]);

interface PasteState {
  projectId: number;
  projectName: string;
  dryRun: boolean;
}

/** A file that came with the message, and where it came from. */
export interface Upload {
  conversation: ConversationRef;
  attachments: readonly Attachment[];
}

function isPasteState(value: unknown): value is PasteState {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.projectId === "number" && typeof v.projectName === "string" && typeof v.dryRun === "boolean";
}

/** Looks like CSV: a header line with a comma or a tab, and at least one more line. */
function looksLikeCsv(value: string): boolean {
  const lines = value.trim().split(/\r?\n/);
  return lines.length >= 2 && /[,\t]/.test(lines[0] ?? "");
}

/**
 * `raci import` in chat: a file in the console, a CSV uploaded with the command, or the CSV (pasted text or an
 * uploaded file) as the asker's next DM message.
 */
export function createRaciPaste(deps: { importer: RaciImport; conversations: GuidedConversationStore; clock: Clock; audit: AuditService; readUpload: UploadReader }) {
  const { importer, conversations, clock } = deps;

  /** Reads the upload; a reply when it cannot be read, else the CSV's text. */
  const uploadText = async (upload: Upload, locale: Locale): Promise<{ text: string } | { reply: string }> => {
    const file = pickUpload(upload.attachments);
    if (!file) return { reply: translator(locale)("raci.import.upload.none") };
    const read = await deps.readUpload(upload.conversation, file, translator(locale));
    return read.ok ? { text: read.text } : { reply: read.message };
  };

  const importAndAudit = async (target: ImportTarget & { personId: number }, csv: string, options: { dryRun: boolean; projectName: string; conversation: ConversationRef; source: "paste" | "upload" }): Promise<OutboundMessage> => {
    const outcome = await importer.run(target, csv, { dryRun: options.dryRun, projectName: options.projectName });
    await deps.audit.record({
      tenantId: target.tenantId,
      personId: target.personId,
      projectId: target.projectId,
      action: "raci import",
      outcome: outcome.ok ? "ok" : "invalid",
      details: { dryRun: options.dryRun, source: options.source, created: outcome.created.length, updated: outcome.updated.length, problems: outcome.problems.length },
      conversation: options.conversation,
    });
    return outcome.message;
  };

  const handler: ConversationHandler = {
    async take({ text: line, tenantId, personId, locale, event, scope }) {
      const open = await conversations.get(tenantId, personId, scope);
      if (open?.kind !== RACI_PASTE_KIND || !isPasteState(open.state)) return null;
      const t = translator(locale);
      const attachments = event.attachments ?? [];
      const cancelled = CANCEL.has(line.trim().toLowerCase());
      if (!cancelled && attachments.length === 0 && !looksLikeCsv(line)) return null;
      if (cancelled) {
        await conversations.end(tenantId, personId, RACI_PASTE_KIND);
        return t("raci.import.cancelled");
      }
      // A file that cannot be read keeps the import waiting, so that the next upload or paste still counts.
      const csv = attachments.length === 0 ? { text: line } : await uploadText({ conversation: event.conversation, attachments }, locale);
      if ("reply" in csv) return csv.reply;
      await conversations.end(tenantId, personId, RACI_PASTE_KIND);
      const { projectId, projectName, dryRun } = open.state;
      return importAndAudit({ tenantId, projectId, personId, locale }, csv.text, { dryRun, projectName, conversation: event.conversation, source: attachments.length === 0 ? "paste" : "upload" });
    },
  };

  return {
    handler,

    /**
     * With an upload: imports it now. With a path (console only): imports the file now. Otherwise waits for the
     * CSV, pasted or uploaded, as the asker's next DM message.
     */
    async start(who: TaskAsker, options: { dryRun: boolean; file?: string; upload?: Upload; pasted?: string }): Promise<OutboundMessage | string> {
      const t = translator(who.locale);
      const target = { tenantId: who.tenantId, projectId: who.projectId, personId: who.personId, locale: who.locale };
      // The CSV pasted in the same message as the command, under its first line.
      if (options.pasted !== undefined) return (await importer.run(target, options.pasted, { dryRun: options.dryRun, projectName: who.projectName })).message;
      if (options.upload && options.upload.attachments.length > 0) {
        const read = await uploadText(options.upload, who.locale);
        if ("reply" in read) return read.reply;
        // The dispatcher audits the command itself; only the paste conversation audits on its own.
        return (await importer.run(target, read.text, { dryRun: options.dryRun, projectName: who.projectName })).message;
      }
      if (options.file) {
        if (who.conversation?.platform !== "console") return { blocks: [text(t("raci.import.files_not_allowed"))] };
        const read = await importer.readFile(options.file);
        if (!read.ok) return { blocks: [text(t(FILE_PROBLEM_KEYS[read.reason], { file: options.file }))] };
        const outcome = await importer.run(target, read.text, { dryRun: options.dryRun, projectName: who.projectName });
        return outcome.message;
      }
      const state: PasteState = { projectId: who.projectId, projectName: who.projectName, dryRun: options.dryRun };
      await conversations.start(who.tenantId, who.personId, RACI_PASTE_KIND, state, new Date(clock.now().getTime() + PASTE_TTL_MS));
      const where = who.conversation?.kind === "direct" ? "raci.import.paste_now" : "raci.import.paste_in_dm";
      return { blocks: [text(t(where, { project: who.projectName, mode: t(options.dryRun ? "raci.import.mode_dry" : "raci.import.mode_real") }))] };
    },
  };
}

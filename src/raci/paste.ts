import type { Clock } from "../core/clock.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { translator } from "../core/i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { AuditService } from "../audit/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { TaskAsker } from "./asker.js";
import type { RaciImport } from "./import.js";
import { FILE_PROBLEM_KEYS } from "./labels.js";

/** The guided-conversation kind of "paste the RACI CSV as your next message". */
export const RACI_PASTE_KIND = "raci_import";
const PASTE_TTL_MS = 10 * 60 * 1000;
const CANCEL = new Set(["cancel", "stop", "取消", "算了"]);

interface PasteState {
  projectId: number;
  projectName: string;
  dryRun: boolean;
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

/** `raci import` in chat: a file in the console, else the CSV pasted as the next DM message (multi-line text). */
export function createRaciPaste(deps: { importer: RaciImport; conversations: GuidedConversationStore; clock: Clock; audit: AuditService }) {
  const { importer, conversations, clock } = deps;

  const handler: ConversationHandler = {
    async take({ text: line, tenantId, personId, locale, event }) {
      const open = await conversations.get(tenantId, personId);
      if (open?.kind !== RACI_PASTE_KIND || !isPasteState(open.state)) return null;
      const t = translator(locale);
      const cancelled = CANCEL.has(line.trim().toLowerCase());
      if (!cancelled && !looksLikeCsv(line)) return null;
      await conversations.end(tenantId, personId, RACI_PASTE_KIND);
      if (cancelled) return t("raci.import.cancelled");
      const { projectId, projectName, dryRun } = open.state;
      const outcome = await importer.run({ tenantId, projectId, personId, locale }, line, { dryRun, projectName });
      await deps.audit.record({
        tenantId,
        personId,
        projectId,
        action: "raci import",
        outcome: outcome.ok ? "ok" : "invalid",
        details: { dryRun, created: outcome.created.length, updated: outcome.updated.length, problems: outcome.problems.length },
        conversation: event.conversation,
      });
      return outcome.message;
    },
  };

  return {
    handler,

    /** With a path (console only): imports the file now. Without: waits for the CSV as the asker's next DM message. */
    async start(who: TaskAsker, options: { dryRun: boolean; file?: string }): Promise<OutboundMessage> {
      const t = translator(who.locale);
      if (options.file) {
        if (who.conversation?.platform !== "console") return { blocks: [text(t("raci.import.files_not_allowed"))] };
        const read = await importer.readFile(options.file);
        if (!read.ok) return { blocks: [text(t(FILE_PROBLEM_KEYS[read.reason], { file: options.file }))] };
        const outcome = await importer.run({ tenantId: who.tenantId, projectId: who.projectId, personId: who.personId, locale: who.locale }, read.text, { dryRun: options.dryRun, projectName: who.projectName });
        return outcome.message;
      }
      const state: PasteState = { projectId: who.projectId, projectName: who.projectName, dryRun: options.dryRun };
      await conversations.start(who.tenantId, who.personId, RACI_PASTE_KIND, state, new Date(clock.now().getTime() + PASTE_TTL_MS));
      const where = who.conversation?.kind === "direct" ? "raci.import.paste_now" : "raci.import.paste_in_dm";
      return { blocks: [text(t(where, { project: who.projectName, mode: t(options.dryRun ? "raci.import.mode_dry" : "raci.import.mode_real") }))] };
    },
  };
}

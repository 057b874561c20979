// Building the calendar flows registers their texts: commands (`summary:`, UserError keys) reach them through ctx.t.
import { translator, type Locale, type Translate } from "./i18n.js";
import type { ConversationRef } from "../core/adapter.js";
import type { Clock } from "../core/clock.js";
import { UserError } from "../core/command.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { fields, text, type OutboundMessage } from "../core/message.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { Database } from "../db/database.js";
import { coveredYears, coversYear } from "./coverage.js";
import { findCoverageGaps, type CoverageGap, type NeedReason } from "./coverage-needs.js";
import { fallbackSentence, needReason } from "./coverage-notice.js";
import { describeCalendarError } from "./import-problems.js";
import { localParts } from "./zones.js";
import type { CalendarFile } from "./calendar-file.js";
import type { CalendarImportResult, CalendarService } from "./service.js";

/** The conversation kind of "paste the calendar JSON as your next message". */
export const PASTE_KIND = "calendar_import";
const PASTE_TTL_MS = 10 * 60 * 1000;
const MAX_PROBLEMS = 15;
const CANCEL = new Set(["cancel", "stop", "取消", "算了"]);

/** Who runs a calendar command. */
export interface CalendarAsker {
  tenantId: number;
  personId: number;
  locale: Locale;
  conversation: ConversationRef;
}

/** Upcoming holidays and make-up workdays from `today`, soonest first. */
export function upcomingDays(calendar: CalendarFile, today: string, limit: number): { date: string; name: string; kind: "holiday" | "workday" }[] {
  const out: { date: string; name: string; kind: "holiday" | "workday" }[] = [];
  for (const year of Object.values(calendar.years)) {
    for (const h of year.holidays) {
      const from = "date" in h ? h.date : h.from;
      const to = "date" in h ? h.date : h.to;
      if (to >= today) out.push({ date: from === to ? from : `${from} – ${to}`, name: h.name, kind: "holiday" });
    }
    for (const w of year.workdays) if (w.date >= today) out.push({ date: w.date, name: w.name, kind: "workday" });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date)).slice(0, limit);
}

function importMessage(t: Translate, result: CalendarImportResult): OutboundMessage {
  if (result.ok) {
    const years = Object.keys(result.calendar.years).sort().join(", ") || "—";
    return { blocks: [text(t(result.replaced ? "calendar.import.replaced" : "calendar.import.added", { id: result.calendar.id, name: result.calendar.name, years }))] };
  }
  if (result.reason === "invalid") {
    const shown = result.problems.slice(0, MAX_PROBLEMS).map((p) => `• ${describeCalendarError(t, p)}`);
    if (result.problems.length > MAX_PROBLEMS) shown.push(t("calendar.import.more_problems", { count: result.problems.length - MAX_PROBLEMS }));
    return { title: t("calendar.import.invalid", { count: result.problems.length }), blocks: [text(shown.join("\n"))] };
  }
  const key = {
    not_json: "calendar.import.not_json",
    no_file: "calendar.import.no_file",
    files_not_allowed: "calendar.import.files_not_allowed",
    too_large: "calendar.import.too_large",
  }[result.reason];
  return { blocks: [text(t(key))] };
}

export type CalendarFlows = ReturnType<typeof createCalendarFlows>["flows"];

/** `calendar import` (a file path in the console, else JSON pasted as the next DM message) and `calendar show`. */
export function createCalendarFlows(deps: { db: Database; calendars: CalendarService; conversations: GuidedConversationStore; clock: Clock }) {
  const { db, calendars, conversations, clock } = deps;

  const paste: ConversationHandler = {
    async take({ text: line, tenantId, personId, locale, event, scope }) {
      const open = await conversations.get(tenantId, personId, scope);
      if (open?.kind !== PASTE_KIND) return null;
      const t = translator(locale);
      const cancelled = CANCEL.has(line.trim().toLowerCase());
      if (!cancelled && !line.trim().startsWith("{")) return null;
      await conversations.end(tenantId, personId, PASTE_KIND);
      if (cancelled) return t("calendar.import.cancelled");
      const result = await calendars.importText(tenantId, line, { allowFiles: event.conversation.platform === "console", importedBy: personId });
      return importMessage(t, result);
    },
  };

  /** The years this calendar lacks that the tenant needs (findCoverageGaps), plus this year and, from November, next year in `timeZone` even where no team uses it. */
  const gapsOf = async (tenantId: number, calendar: CalendarFile, timeZone: string): Promise<CoverageGap[]> => {
    const all = await findCoverageGaps({ db, calendar: calendars.calendar }, clock.now(), { tenantId, seen: calendars.uncoveredSeen() });
    const own = all.filter((g) => g.calendar.id === calendar.id);
    const today = localParts(clock.now(), timeZone).date;
    const year = Number(today.slice(0, 4));
    const soon: [string, NeedReason][] = [[String(year), { kind: "this_year" }]];
    if (Number(today.slice(5, 7)) >= 11) soon.push([String(year + 1), { kind: "next_year" }]);
    for (const [y, reason] of soon) if (!coversYear(calendar, y) && !own.some((g) => g.year === y)) own.push({ tenantId, calendar, year: y, reason });
    return own.sort((a, b) => a.year.localeCompare(b.year));
  };

  const flows = {
    ...calendars,
    gapsOf,

    /** Imports from a path (console only) or pasted JSON; with nothing given, waits for the JSON as the next DM. */
    async importFrom(who: CalendarAsker, source: string | undefined): Promise<OutboundMessage> {
      const t = translator(who.locale);
      if (!source?.trim()) {
        await conversations.start(who.tenantId, who.personId, PASTE_KIND, {}, new Date(clock.now().getTime() + PASTE_TTL_MS));
        return { blocks: [text(t(who.conversation.kind === "direct" ? "calendar.import.paste_now" : "calendar.import.paste_in_dm"))] };
      }
      const result = await calendars.importText(who.tenantId, source, { allowFiles: who.conversation.platform === "console", importedBy: who.personId });
      return importMessage(t, result);
    },

    /** The calendar the person follows (or the one named), its next holidays and make-up days, and the others available. */
    async show(who: CalendarAsker, id: string | undefined): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const rules = await calendars.rulesFor(who.tenantId, who.personId);
      const available = await calendars.list(who.tenantId);
      const wanted = id?.trim().toLowerCase() || rules.calendar.id;
      const entry = available.find((c) => c.id === wanted);
      if (!entry) throw new UserError("calendar.show.unknown", { id: wanted, ids: available.map((c) => c.id).join(", ") });
      const { calendar, source } = await calendars.calendar(who.tenantId, wanted);
      const today = localParts(clock.now(), rules.timeZone).date;
      const upcoming = upcomingDays(calendar, today, 8).map((d) => `${d.date} · ${d.name}${d.kind === "workday" ? ` (${t("calendar.show.workday")})` : ""}`);
      const sourceLabel = t(source === "imported" ? "calendar.show.imported" : source === "built-in" ? "calendar.show.built_in" : "calendar.show.fallback");
      const gaps = source === "fallback" ? [] : await gapsOf(who.tenantId, calendar, rules.timeZone);
      const warnings = gaps.map((g) =>
        t("calendar.show.warning", { missing: t("calendar.show.missing", { year: g.year }), reason: needReason(t, g.year, g.reason), fallback: fallbackSentence(t, g), fix: t("calendar.show.missing_fix") }),
      );
      return {
        title: t("calendar.show.title", { name: calendar.name, id: calendar.id }),
        blocks: [
          fields([
            [t("calendar.show.source"), sourceLabel],
            [t("calendar.show.years"), coveredYears(calendar).join(", ") || "—"],
            [t("calendar.show.yours"), rules.calendar.id === calendar.id ? t("calendar.show.yes") : rules.calendar.id],
          ]),
          ...(warnings.length > 0 ? [text(warnings.join("\n\n"))] : []),
          text(`**${t("calendar.show.upcoming")}**\n${upcoming.length > 0 ? upcoming.join("\n") : t("calendar.show.none_upcoming")}`),
          text(`${t("calendar.show.available")}: ${available.map((c) => `\`${c.id}\``).join(", ")}\n${t("calendar.show.import_hint")}`),
        ],
      };
    },
  };

  return { flows, paste };
}

import { t } from "../core/i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { Occurrence } from "./occurrence.js";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "12-01 09:00" in the recipient's zone. */
function localDueTime(at: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) formatters.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })));
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Marks a message sent after its time (catch-up after downtime): a first line says when it was due. */
export function lateMark(message: OutboundMessage, occurrence: Pick<Occurrence, "dueAt" | "locale" | "timeZone">): OutboundMessage {
  const line = t(occurrence.locale, "schedule.late", { due: localDueTime(occurrence.dueAt, occurrence.timeZone) });
  return { ...message, blocks: [text(line), ...message.blocks] };
}

import type { Translate } from "../core/i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { Team } from "./service.js";

/** `team list`: per team its zone, hours, language, calendar, home group and members. */
export function teamListMessage(t: Translate, projectName: string, teams: readonly { team: Team; members: readonly { displayName: string }[] }[]): OutboundMessage {
  const sections = teams.map(({ team, members }) =>
    [
      `**${team.name}** · ${team.timezone} · ${team.workStart}–${team.workEnd} · ${team.locale} · ${t("labels.calendar")} ${team.calendar}`,
      `${t("labels.home")}: ${team.home ? team.home.conversationId : "—"}`,
      `${t("labels.members")}: ${members.map((m) => m.displayName).join(", ") || "—"}`,
    ].join("\n"),
  );
  return { title: t("commands.team_list.title", { project: projectName }), blocks: sections.map((s) => text(s)) };
}

/** What `team set` changed, as shown: `zone Asia/Shanghai, hours 09:00–18:00, …`. */
export interface TeamChanges {
  timezone?: string | undefined;
  hours?: { start: string; end: string } | undefined;
  locale?: string | undefined;
  calendar?: string | undefined;
  /** The new home group's conversation id. */
  home?: string | undefined;
}

/** The changes `team set` made, in one line. */
export function teamChangesText(t: Translate, changes: TeamChanges): string {
  return [
    changes.timezone ? `${t("labels.timezone")} ${changes.timezone}` : null,
    changes.hours ? `${t("labels.hours")} ${changes.hours.start}–${changes.hours.end}` : null,
    changes.locale ? `${t("labels.locale")} ${changes.locale}` : null,
    changes.calendar ? `${t("labels.calendar")} ${changes.calendar}` : null,
    changes.home ? `${t("labels.home")} ${changes.home}` : null,
  ]
    .filter((c): c is string => c !== null)
    .join(", ");
}

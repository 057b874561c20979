import { ROLES } from "../core/command.js";
import { daysBetween } from "../core/dates.js";
import type { Translate } from "../core/i18n.js";
import { actions, button, fields, text, type OutboundMessage } from "../core/message.js";
import { localDate } from "../core/relative-dates.js";
import type { Member, Project } from "./service.js";

const roleNames = (t: Translate, roles: readonly string[]) => roles.map((r) => t(`roles.${r}`)).join(", ");

/** What `project show` shows. */
export interface ProjectView {
  project: Project;
  members: readonly Member[];
  teams: readonly { name: string; memberCount: number }[];
  now: Date;
  /** Whether the asker may change the phase (a button to its help). */
  canChangePhase: boolean;
}

/** Days to go-live counted from the project's local date: "12 days to go", "today", "3 days ago" — never "-3 days". */
function countdown(t: Translate, days: number): string {
  if (days > 0) return t("commands.project_show.days_to_go", { days });
  return days === 0 ? t("commands.project_show.golive_today") : t("commands.project_show.days_ago", { days: -days });
}

/** The `project show` card: key, phase, go-live countdown, zone, sponsors, PMs, members, teams, and buttons. */
export function projectCard(t: Translate, view: ProjectView): OutboundMessage {
  const { project, members, teams } = view;
  const byRole = (role: string) => members.filter((m) => (m.roles as string[]).includes(role)).map((m) => m.displayName).join(", ") || "—";
  const golive = project.goLiveDate ? `${project.goLiveDate} (${countdown(t, daysBetween(localDate(view.now, project.timezone), project.goLiveDate))})` : t("commands.project_show.no_golive");
  const buttons = [button(t("commands.project_show.members_button"), "member list"), button(t("commands.project_show.teams_button"), "team list")];
  if (view.canChangePhase) buttons.push(button(t("commands.project_show.phase_button"), "help project phase"));
  return {
    title: `${project.name}`,
    blocks: [
      fields([
        [t("labels.key"), project.key],
        [t("labels.phase"), t(`phases.${project.phase}`)],
        [t("labels.golive"), golive],
        [t("labels.timezone"), project.timezone],
        [t("roles.sponsor"), byRole("sponsor")],
        [t("roles.pm"), byRole("pm")],
        [t("labels.members"), String(members.length)],
        [t("labels.teams"), teams.map((tm) => `${tm.name} (${tm.memberCount})`).join(", ") || "—"],
      ]),
      actions(...buttons),
    ],
  };
}

/** `project list`: one line per project (phase, go-live, the asker's roles, which is current), and a hint. */
export function projectListMessage(t: Translate, visible: readonly { project: Project; roles: readonly string[] }[], currentId: number | null): OutboundMessage {
  const lines = visible.map(
    ({ project, roles }) =>
      `• **${project.name}** \`${project.key}\` · ${t(`phases.${project.phase}`)}${project.goLiveDate ? ` · ${t("labels.golive")} ${project.goLiveDate}` : ""}${roles.length ? ` · ${roleNames(t, roles)}` : ""}${project.id === currentId ? ` ← ${t("commands.whoami.current")}` : ""}`,
  );
  return { title: t("commands.project_list.title"), blocks: [text(lines.join("\n")), text(t("commands.project_list.hint"))] };
}

/** `member list`: members ordered by their first role (as ROLES lists them), then by name. */
export function memberListMessage(t: Translate, projectName: string, members: readonly Member[]): OutboundMessage {
  const order = ROLES as readonly string[];
  const sorted = [...members].sort((a, b) => order.indexOf(a.roles[0] ?? "member") - order.indexOf(b.roles[0] ?? "member") || a.displayName.localeCompare(b.displayName));
  const lines = sorted.map((m) => `• ${m.displayName} — ${roleNames(t, m.roles)}`);
  return { title: t("commands.member_list.title", { project: projectName, count: members.length }), blocks: [text(lines.join("\n"))] };
}

import { UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import { addDays, isRealDate } from "../core/dates.js";
import { localParts } from "../calendar/zones.js";
import { postToProjectGroups } from "./broadcast.js";
import { localStamp, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import type { GoliveAsker } from "./model.js";
import { countsText, issueCounts } from "./summary.js";
import { logEvent, requireCommanderOrPm, requireWarroom, rolesOf, type Warroom } from "./warroom-state.js";
import type { WarroomFlows } from "./warroom.js";

export const NOTICE_KINDS = ["outage", "degraded", "restored"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const HYPERCARE_DAYS = 14;

/** The war room's notices, timeline, hypercare and closing. */
export function createWarroomLife(deps: GoliveDeps, warroom: WarroomFlows) {
  const { db, core } = deps;

  const noticeTexts = async (projectId: number): Promise<Record<string, string>> => {
    const section = await core.projects.settingsSection(projectId, "golive");
    return (section.notices as Record<string, string> | undefined) ?? {};
  };

  /** The timeline as Markdown: every event in order, people by their names as they are now. */
  const timeline = async (room: Warroom, locale: Locale): Promise<string> => {
    const project = await projectOf(deps, { tenantId: room.tenant_id, projectId: room.project_id });
    const events = await db.selectFrom("warroom_events").selectAll().where("warroom_id", "=", room.id).orderBy("at").orderBy("id").execute();
    const names = await namesOf(db, events.map((e) => e.person_id));
    const lines = events.map((e) => `- ${localStamp(e.at, project.timezone)} · ${names.get(e.person_id ?? 0) ?? t(locale, "golive.timeline.bot")} · ${t(locale, `golive.timeline.kind.${e.kind}`)}${e.text ? `: ${e.kind === "role" ? t(locale, `golive.role.${e.text}`) : e.text}` : ""}`);
    return [`# ${t(locale, "golive.timeline.title", { project: project.name })}`, "", ...lines].join("\n");
  };

  return {
    timeline,

    /** `warroom notify outage|degraded|restored`: the prepared notice (or the project's own text) to every project member. */
    async notice(who: GoliveAsker, kind: NoticeKind, detail: string | null): Promise<string> {
      const room = await requireWarroom(db, who);
      const own = (await noticeTexts(who.projectId))[kind];
      const members = await core.projects.members(who.tenantId, who.projectId);
      const ids = members.map((m) => m.personId);
      const locales = await core.people.localesOf(who.tenantId, ids);
      const build = (locale: Locale): OutboundMessage => ({
        title: t(locale, `golive.notice.${kind}_title`, { project: who.projectName }),
        locale,
        urgent: true,
        blocks: [{ type: "text", markdown: [own ?? t(locale, `golive.notice.${kind}`, { project: who.projectName }), ...(detail ? [detail] : [])].join("\n\n") }],
      });
      const byLocale = { en: build("en"), "zh-CN": build("zh-CN") };
      const at = core.clock.now().getTime();
      const sent = await core.notify.toProject(who.tenantId, who.projectId, (personId) => byLocale[locales.get(personId) ?? core.defaults.locale], { key: `golive:notice:${room.id}:${kind}:${at}` });
      await logEvent(deps, room, who.personId, "notice", kind);
      return t(who.locale, "golive.notice.sent", { count: sent.queued.length });
    },

    /** `warroom template outage "<text>"`: the project's own wording of a notice (commander or PM). */
    async setNoticeText(who: GoliveAsker, kind: NoticeKind, text: string): Promise<string> {
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      const section = await core.projects.settingsSection(who.projectId, "golive");
      await core.projects.saveSettingsSection(who.projectId, "golive", { ...section, notices: { ...(await noticeTexts(who.projectId)), [kind]: text } });
      return t(who.locale, "golive.notice.template_saved", { kind });
    },

    async showTimeline(who: GoliveAsker): Promise<string> {
      return timeline(await requireWarroom(db, who), who.locale);
    },

    /** Hypercare: the war room stays for the support period (default two weeks after go-live); one daily summary instead of the cadence. */
    async hypercare(who: GoliveAsker, until: string | undefined): Promise<string> {
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      const project = await projectOf(deps, who);
      const today = localParts(core.clock.now(), project.timezone).date;
      const end = until ?? addDays(project.goLiveDate && project.goLiveDate <= today ? project.goLiveDate : today, HYPERCARE_DAYS);
      if (!isRealDate(end) || end <= today) throw new UserError("golive.errors.bad_until", { date: end });
      const updated = await db.updateTable("warrooms").set({ status: "hypercare", hypercare_until: end }).where("id", "=", room.id).returningAll().executeTakeFirstOrThrow();
      await core.projects.setPhase(who.tenantId, who.projectId, "hypercare");
      await logEvent(deps, room, who.personId, "hypercare", end);
      await warroom.refreshCard(updated);
      return t(who.locale, "golive.hypercare.started", { until: end });
    },

    /** Closes the war room (commander or PM): the closing summary and the timeline to the room and the project group. */
    async close(who: GoliveAsker): Promise<string> {
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      const now = core.clock.now();
      await logEvent(deps, room, who.personId, "closed", "", now);
      const closed = await db.updateTable("warrooms").set({ status: "closed", closed_by: who.personId, closed_at: now }).where("id", "=", room.id).returningAll().executeTakeFirstOrThrow();
      if (room.status === "hypercare") await core.projects.setPhase(who.tenantId, who.projectId, "closed");
      const counts = await issueCounts(db, room.id, room.opened_at);
      const round = await db.selectFrom("golive_rounds").select(["key", "status", "override_reason"]).where("project_id", "=", who.projectId).where("status", "<>", "open").orderBy("number", "desc").executeTakeFirst();
      const rollbacks = await db.selectFrom("rollback_proposals").select(["key", "status"]).where("project_id", "=", who.projectId).where("status", "<>", "open").orderBy("number").execute();
      const roles = await rolesOf(db, room.id);
      const commander = (await namesOf(db, [roles.get("commander") ?? null])).get(roles.get("commander") ?? 0) ?? "—";
      const summary = async (locale: Locale): Promise<OutboundMessage> => ({
        title: t(locale, "golive.close.title", { project: who.projectName }),
        locale,
        blocks: [
          { type: "text", markdown: [t(locale, "golive.close.lead", { commander }), countsText(locale, counts),
            ...(round ? [t(locale, round.status === "go" ? "golive.warroom.card_go" : "golive.warroom.card_nogo", { key: round.key }) + (round.override_reason ? ` · ${t(locale, "golive.warroom.card_override", { reason: round.override_reason })}` : "")] : []),
            ...rollbacks.map((r) => t(locale, "golive.close.rollback", { key: r.key, choice: t(locale, r.status === "rollback" ? "golive.rollback.roll_back" : "golive.rollback.continue") }))].join("\n") },
          { type: "divider" },
          { type: "text", markdown: await timeline(closed, locale) },
        ],
      });
      const roomLocale = await warroom.roomLocale(room);
      await warroom.postInRoom(room, "closed", await summary(roomLocale));
      // Archived where the platform allows (Slack archive; Feishu and DingTalk: only the owner speaks), after the summary.
      await core.notify.archiveGroup(room.group_key, { after: `${room.group_key}:closed` });
      const built = new Map<Locale, OutboundMessage>([["en", await summary("en")], ["zh-CN", await summary("zh-CN")]]);
      await postToProjectGroups(deps, who.tenantId, who.projectId, `golive:closed:${room.id}`, (locale) => built.get(locale)!);
      return t(who.locale, "golive.close.done");
    },
  };
}

export type WarroomLife = ReturnType<typeof createWarroomLife>;

import type { ConversationRef } from "../core/adapter.js";
import { UserError } from "../core/command.js";
import { actions, button, text, type OutboundMessage } from "../core/message.js";
import type { CalendarService } from "../calendar/service.js";
import { holidayOn, isWorkingDay } from "../calendar/working-time.js";
import { localParts } from "../calendar/zones.js";
import type { Database } from "../db/database.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { CoreServices } from "../services.js";
import { translator, type Locale } from "./i18n.js";
import { agendaSlot, nextMeetingDate, readMeetingTime, readWeekday } from "./meeting-time.js";
import { currentMeeting, meetingSettings } from "./meeting-store.js";
import type { Asker } from "./model.js";
import { memberNamed, namesOf } from "./people.js";
import { makeTask } from "./tasks.js";

export const WEEKDAY_LABEL: readonly string[] = ["", "governance.weekday.1", "governance.weekday.2", "governance.weekday.3", "governance.weekday.4", "governance.weekday.5", "governance.weekday.6", "governance.weekday.7"];

/** The weekly meeting: its time and group, actions that become RACI tasks, decisions, attendance and minutes. */
export function createMeetings(deps: { db: Database; core: CoreServices; calendars: Pick<CalendarService, "rulesFor">; tasks: RaciTaskPort }) {
  const { db, core } = deps;
  const projectOf = async (asker: Asker) => {
    const project = await core.projects.get(asker.tenantId, asker.projectId);
    if (!project) throw new Error("project vanished");
    return project;
  };
  const todayOf = async (asker: Asker) => localParts(core.clock.now(), (await projectOf(asker)).timezone).date;
  const current = async (asker: Asker) => currentMeeting(db, asker.tenantId, asker.projectId, await todayOf(asker));

  /** Where the minutes go: the meeting's group, else the group the command was typed in. */
  const groupOf = async (asker: Asker): Promise<ConversationRef> => {
    const settings = await meetingSettings(db, asker.projectId);
    if (settings) return settings.conversation;
    if (asker.conversation.kind === "group") return asker.conversation;
    throw new UserError("governance.errors.no_meeting_group");
  };

  return {
    async setup(asker: Asker, input: { weekday: string; time: string; group: string }): Promise<string> {
      const weekday = readWeekday(input.weekday);
      const time = readMeetingTime(input.time);
      const group = input.group.trim();
      let conversation: ConversationRef;
      if (group.toLowerCase() === "here" || group === "这里" || group === "本群") {
        if (asker.conversation.kind !== "group") throw new UserError("governance.errors.here_not_group");
        conversation = { platform: asker.conversation.platform, tenantId: asker.conversation.tenantId, conversationId: asker.conversation.conversationId, kind: "group" };
      } else {
        if (!/^#?[\p{L}\p{N}_.:@-]{1,100}$/u.test(group)) throw new UserError("governance.errors.bad_group", { value: input.group });
        conversation = { platform: asker.conversation.platform, tenantId: asker.conversation.tenantId, conversationId: group.startsWith("#") || asker.conversation.platform !== "console" ? group : `#${group}`, kind: "group" };
      }
      await db
        .insertInto("meeting_settings")
        .values({ project_id: asker.projectId, tenant_id: asker.tenantId, weekday, time, conversation: JSON.stringify(conversation), set_by: asker.personId, updated_at: core.clock.now() })
        .onConflict((oc) => oc.column("project_id").doUpdateSet({ weekday, time, conversation: JSON.stringify(conversation), set_by: asker.personId, updated_at: core.clock.now() }))
        .execute();
      const project = await projectOf(asker);
      const local = localParts(core.clock.now(), project.timezone);
      const next = nextMeetingDate(local.date, local.time, weekday, time);
      const t = translator(asker.locale);
      const rules = await deps.calendars.rulesFor(asker.tenantId, asker.personId);
      const slot = agendaSlot(next, time, rules);
      const lines = [t("governance.meeting.set", { weekday: t(WEEKDAY_LABEL[weekday]!), time, group: conversation.conversationId, agenda: `${slot.date} ${slot.time}`, next })];
      if (!isWorkingDay(next, rules)) lines.push(t("governance.meeting.next_is_holiday", { date: next, holiday: holidayOn(rules.calendar, next) ?? t("governance.meeting.not_working_day") }));
      return lines.join("\n");
    },

    async action(asker: Asker, input: { text: string; r: string; due?: string | undefined }): Promise<string> {
      const r = await memberNamed(core, asker.tenantId, asker.projectId, input.r, "--r");
      const meeting = await current(asker);
      const created = await makeTask(deps, asker, `M-${meeting.date}`, { title: input.text.trim(), r: r.id, due: input.due });
      await db.insertInto("meeting_items").values({ meeting_id: meeting.id, tenant_id: asker.tenantId, kind: "action", text: input.text.trim(), task_key: created.key, person_id: r.id, due: input.due?.trim() || null, created_by: asker.personId, created_at: core.clock.now() }).execute();
      return translator(asker.locale)("governance.meeting.action_ok", { task: created.key, date: meeting.date, name: r.displayName });
    },

    async decision(asker: Asker, decision: string): Promise<string> {
      const meeting = await current(asker);
      await db.insertInto("meeting_items").values({ meeting_id: meeting.id, tenant_id: asker.tenantId, kind: "decision", text: decision.trim(), task_key: null, person_id: null, due: null, created_by: asker.personId, created_at: core.clock.now() }).execute();
      return translator(asker.locale)("governance.meeting.decision_ok", { date: meeting.date });
    },

    async attend(asker: Asker): Promise<string> {
      const meeting = await current(asker);
      await db.insertInto("meeting_attendance").values({ meeting_id: meeting.id, person_id: asker.personId, tenant_id: asker.tenantId, at: core.clock.now() }).onConflict((oc) => oc.columns(["meeting_id", "person_id"]).doNothing()).execute();
      return translator(asker.locale)("governance.meeting.attend_ok", { date: meeting.date });
    },

    /** Posts the minutes to the group: actions with their tasks, decisions, who attended. */
    async notes(asker: Asker): Promise<string> {
      const meeting = await current(asker);
      const group = await groupOf(asker);
      const items = await db.selectFrom("meeting_items").selectAll().where("meeting_id", "=", meeting.id).orderBy("id").execute();
      const attended = await db.selectFrom("meeting_attendance").select("person_id").where("meeting_id", "=", meeting.id).orderBy("at").execute();
      const tenant = await core.tenants.get(asker.tenantId);
      const t = translator(tenant.locale);
      const names = await namesOf(core, asker.tenantId, [...attended.map((a) => a.person_id), ...items.flatMap((i) => [i.created_by, i.person_id])]);
      const message = minutes(tenant.locale, { date: meeting.date, project: asker.projectName, attended: attended.map((a) => names.get(a.person_id) ?? "—"), actions: items.filter((i) => i.kind === "action").map((i) => t("governance.meeting.action_line", { task: i.task_key ?? "—", text: i.text, name: names.get(i.person_id ?? -1) ?? "—", due: i.due ?? "—" })), decisions: items.filter((i) => i.kind === "decision").map((i) => `${i.text} (${names.get(i.created_by ?? -1) ?? "—"})`) });
      const at = core.clock.now();
      await core.notify.toConversation(group, message, { key: `governance:minutes:${meeting.id}:${at.getTime()}`, tenantId: asker.tenantId });
      await db.updateTable("meetings").set({ notes_posted_at: at }).where("id", "=", meeting.id).execute();
      return translator(asker.locale)("governance.meeting.notes_ok", { date: meeting.date, group: group.conversationId });
    },
  };
}

export function minutes(locale: Locale, m: { date: string; project: string; attended: string[]; actions: string[]; decisions: string[] }): OutboundMessage {
  const t = translator(locale);
  const section = (title: string, lines: string[]) => text(`**${title}**\n${lines.length > 0 ? lines.map((l) => `• ${l}`).join("\n") : t("governance.meeting.none")}`);
  return {
    title: t("governance.meeting.minutes_title", { project: m.project, date: m.date }),
    blocks: [section(t("governance.meeting.attended"), m.attended), section(t("governance.meeting.actions"), m.actions), section(t("governance.meeting.decisions"), m.decisions), actions(button(t("governance.meeting.attend_btn"), "meeting attend"))],
  };
}

export type MeetingFlows = ReturnType<typeof createMeetings>;

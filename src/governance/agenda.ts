import type { CalendarService } from "../calendar/service.js";
import { holidayOn, isWorkingDay } from "../calendar/working-time.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { addDays, daysBetween } from "../core/dates.js";
import type { PendingDecision } from "../core/decisions.js";
import { groupBy } from "../core/group-by.js";
import { actions, button, text, type Block, type OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import { translator, type Locale } from "./i18n.js";
import { CHANGE_STATUS_LABEL, labelKey } from "./labels.js";
import { agendaSlot, isoWeekday } from "./meeting-time.js";
import { meetingOn } from "./meeting-store.js";
import { namesOf } from "./people.js";
import { openRisks } from "./risk-store.js";
import { riskLine } from "./risk-views.js";

const TOP_RISKS = 5;
/** The longest run of days off before a meeting whose agenda goes out on the working day before it. */
const LOOK_AHEAD_DAYS = 12;

export interface AgendaDeps {
  db: Database;
  core: CoreServices;
  calendars: Pick<CalendarService, "rulesFor" | "rulesForPeople">;
  tasks: RaciTaskPort;
  unreviewedAmong(tenantId: number, risks: Awaited<ReturnType<typeof openRisks>>): Promise<Set<string>>;
}

/**
 * The weekly meeting's agenda: phase and go-live, overdue tasks by Accountable, blocked tasks with their age, the
 * top risks and those not reviewed, change requests awaiting a decision, other decisions the sponsors owe.
 */
export async function buildAgenda(deps: AgendaDeps, input: { tenantId: number; projectId: number; date: string; time: string; locale: Locale; now: Date }): Promise<OutboundMessage> {
  const { db, core } = deps;
  const t = translator(input.locale);
  const project = await core.projects.get(input.tenantId, input.projectId);
  const overview = await deps.tasks.overview(input.projectId, input.now);
  const risks = await openRisks(db, input.projectId);
  const unreviewed = await deps.unreviewedAmong(input.tenantId, risks);
  const names = await namesOf(core, input.tenantId, risks.map((r) => r.owner_id));
  const changes = await db.selectFrom("change_requests").selectAll().where("project_id", "=", input.projectId).where("status", "in", ["submitted", "reviewed"]).orderBy("number").execute();
  const sponsors = await core.projects.members(input.tenantId, input.projectId, "sponsor");
  const decisions = new Map<string, PendingDecision>();
  for (const s of sponsors) {
    for (const d of await core.decisions.pendingFor({ tenantId: input.tenantId, personId: s.personId, projectId: input.projectId, locale: input.locale })) {
      if (d.kind !== "change") decisions.set(`${d.feature}:${d.key}`, d);
    }
  }
  const none = t("governance.meeting.none");
  const section = (title: string, lines: string[]): Block => text(`**${title}**\n${lines.length > 0 ? lines.join("\n") : none}`);

  const byAccountable = new Map([...groupBy(overview.overdue, (o) => o.accountable)].map(([who, tasks]) => [who, tasks.map((o) => `${o.key} ${o.title} (${o.dueDate ?? "—"})`)]));
  const daysToGo = project?.goLiveDate ? daysBetween(input.date, project.goLiveDate) : 0;
  const goLive = !project?.goLiveDate
    ? t("governance.agenda.no_go_live")
    : daysToGo > 0
      ? t("governance.agenda.go_live", { date: project.goLiveDate, days: daysToGo })
      : daysToGo === 0
        ? t("governance.agenda.go_live_today", { date: project.goLiveDate })
        : t("governance.agenda.go_live_past", { date: project.goLiveDate, days: -daysToGo });
  return {
    title: t("governance.agenda.title", { project: project?.name ?? "", date: input.date, time: input.time }),
    blocks: [
      section(t("governance.agenda.milestones"), [t("governance.agenda.phase", { phase: t(`phases.${project?.phase ?? "planning"}`) }), goLive]),
      section(t("governance.agenda.overdue"), [...byAccountable].map(([a, tasks]) => `${a}: ${tasks.join("; ")}`)),
      section(t("governance.agenda.blocked"), overview.blocked.map((b) => t("governance.agenda.blocked_line", { key: b.key, title: b.title, days: daysBetween(localParts(b.since, project?.timezone ?? "UTC").date, input.date), note: b.note ?? "—" }))),
      section(t("governance.agenda.risks"), risks.slice(0, TOP_RISKS).map((r) => `${riskLine(input.locale, r, names)}${unreviewed.has(r.key) ? ` · ${t("governance.risk.unreviewed")}` : ""}`)),
      section(t("governance.agenda.unreviewed"), risks.filter((r) => unreviewed.has(r.key) && risks.indexOf(r) >= TOP_RISKS).map((r) => riskLine(input.locale, r, names))),
      section(t("governance.agenda.changes"), changes.map((c) => t("governance.agenda.change_line", { key: c.key, text: c.text, status: t(labelKey(CHANGE_STATUS_LABEL, c.status)) }))),
      section(t("governance.agenda.decisions"), [...decisions.values()].map((d) => d.title)),
      actions(button(t("governance.meeting.attend_btn"), "meeting attend")),
    ],
  };
}

/**
 * Posts each project's agenda to its meeting group one hour before the meeting, on the meeting's weekday; on a
 * holiday (by the calendar of whoever set the meeting up) a note says the meeting is skipped instead.
 */
export function createAgendaSchedule(deps: AgendaDeps): OccurrenceSchedule {
  const { db, core } = deps;
  return {
    name: "governance-meeting-agenda",
    // An agenda after the meeting has started is of no use: skipped past the meeting time.
    late: "skip",
    async *due(window) {
      const settings = await db.selectFrom("meeting_settings").innerJoin("projects", "projects.id", "meeting_settings.project_id").selectAll("meeting_settings").select("projects.timezone").execute();
      const occurrences: Occurrence[] = [];
      for (const s of settings) {
        const pm = s.set_by ?? (await core.projects.members(s.tenant_id, s.project_id, "pm"))[0]?.personId;
        if (!pm) continue;
        const rules = await deps.calendars.rulesFor(s.tenant_id, pm);
        const tenant = await core.tenants.get(s.tenant_id);
        const last = addDays(localParts(window.to, s.timezone).date, LOOK_AHEAD_DAYS);
        // Meetings whose agenda slot (up to a long holiday before them) may fall in the window.
        for (let date = localParts(window.from, s.timezone).date; date <= last; date = addDays(date, 1)) {
          if (isoWeekday(date) !== s.weekday) continue;
          const slot = agendaSlot(date, s.time, rules);
          const instant = zonedTimeToInstant(slot.date, slot.time, s.timezone);
          if (instant <= window.from || instant > window.to) continue;
          const holiday = !isWorkingDay(date, rules);
          const t = translator(tenant.locale);
          // Built here, not in message(): message() runs inside the claim's transaction, and the agenda reads other
          // features through the database handle — on PGlite's one connection that would wait on itself.
          const agenda = holiday ? null : await buildAgenda(deps, { tenantId: s.tenant_id, projectId: s.project_id, date, time: s.time, locale: tenant.locale, now: instant });
          occurrences.push({
            key: `governance:agenda:${s.project_id}:${date}`,
            dueAt: instant,
            expiresAt: zonedTimeToInstant(date, s.time, s.timezone),
            to: { conversation: s.conversation, tenantId: s.tenant_id },
            locale: tenant.locale,
            timeZone: s.timezone,
            async claimed(trx) {
              if (!holiday) await meetingOn(trx, s.tenant_id, s.project_id, date);
            },
            async message() {
              if (agenda) return agenda;
              return { blocks: [text(t("governance.agenda.skipped", { date, holiday: holidayOn(rules.calendar, date) ?? t("governance.meeting.not_working_day") }))] };
            },
          });
        }
      }
      if (occurrences.length > 0) yield { occurrences };
    },
  };
}

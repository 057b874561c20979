import { sql } from "kysely";
import { UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import { addDays, weekdayOf } from "../core/dates.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { localStamp, membersNamed, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import { t } from "./i18n.js";
import { readSeverity, SEVERITY_TARGET_MINUTES, type GoliveAsker } from "./model.js";
import { logEvent, requireWarroom, type Warroom } from "./warroom-state.js";
import type { WarroomFlows } from "./warroom.js";

export { readSeverity } from "./model.js";

/** When an issue of this severity must have had a response: 15 min, 1 h, 4 h, or 09:00 on the next working day. */
export function targetFor(severity: number | null, at: Date, timeZone: string): Date | null {
  if (severity === null) return null;
  if (severity in SEVERITY_TARGET_MINUTES) return new Date(at.getTime() + SEVERITY_TARGET_MINUTES[severity as 1 | 2 | 3] * 60_000);
  let date = addDays(localParts(at, timeZone).date, 1);
  while (weekdayOf(date) === 0 || weekdayOf(date) === 6) date = addDays(date, 1);
  return zonedTimeToInstant(date, "09:00", timeZone);
}

/** Issues in the war room: raised by anyone, with a severity, an owner and a response target. */
export function createIssues(deps: GoliveDeps, warroom: WarroomFlows) {
  const { db, core } = deps;

  const findIssue = async (room: Warroom, key: string) => {
    const normal = key.trim().toUpperCase().replace(/^I-?/, "I-");
    const issue = await db.selectFrom("warroom_issues").selectAll().where("warroom_id", "=", room.id).where("key", "=", normal).executeTakeFirst();
    if (!issue) throw new UserError("golive.errors.no_issue", { key: key.trim() });
    return issue;
  };

  const severityOf = (text: string | undefined): 1 | 2 | 3 | 4 | null => {
    if (text === undefined) return null;
    const severity = readSeverity(text);
    if (severity === null) throw new UserError("golive.errors.bad_sev", { sev: text });
    return severity;
  };

  const raiseIn = async (room: Warroom, who: Pick<GoliveAsker, "tenantId" | "projectId" | "personId">, text: string, severity: number | null, ownerId: number | null) => {
    const project = await projectOf(deps, who);
    const at = core.clock.now();
    const last = await db.selectFrom("warroom_issues").select(sql<number>`coalesce(max(number), 0)`.as("n")).where("warroom_id", "=", room.id).executeTakeFirstOrThrow();
    const number = Number(last.n) + 1;
    const issue = await db
      .insertInto("warroom_issues")
      .values({ tenant_id: room.tenant_id, warroom_id: room.id, number, key: `I-${number}`, text, severity, raised_by: who.personId, owner_id: ownerId, created_at: at, target_at: targetFor(severity, at, project.timezone) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await logEvent(deps, room, who.personId, "issue", `${issue.key} S${severity ?? "?"} ${text}`);
    await warroom.refreshCard(room);
    return { issue, timezone: project.timezone };
  };

  return {
    findIssue,

    async raise(who: GoliveAsker, input: { text: string; sev?: string; owner?: string }): Promise<string> {
      const room = await requireWarroom(db, who);
      const severity = severityOf(input.sev);
      const owner = input.owner ? (await membersNamed(deps, who, input.owner))[0] : undefined;
      const { issue, timezone } = await raiseIn(room, who, input.text, severity, owner?.id ?? null);
      if (severity === null) return t(who.locale, "golive.issue.raised_unset", { key: issue.key });
      return t(who.locale, "golive.issue.raised", { key: issue.key, sev: severity, target: issue.target_at ? localStamp(issue.target_at, timezone) : "—", owner: owner?.name ?? "—" });
    },

    /** A message replied to with `@bot issue` in the war room group becomes an issue (no severity yet). */
    raiseFromReply: raiseIn,

    /** `warroom triage I-3 --sev 1 --owner @x`: sets severity (and with it the target) and the owner. */
    async triage(who: GoliveAsker, key: string, input: { sev?: string; owner?: string }): Promise<string> {
      const room = await requireWarroom(db, who);
      const issue = await findIssue(room, key);
      const severity = input.sev !== undefined ? severityOf(input.sev) : issue.severity;
      const owner = input.owner ? (await membersNamed(deps, who, input.owner))[0] : undefined;
      const project = await projectOf(deps, who);
      const target = input.sev !== undefined ? targetFor(severity, core.clock.now(), project.timezone) : issue.target_at;
      await db.updateTable("warroom_issues").set({ severity, target_at: target, ...(owner ? { owner_id: owner.id } : {}) }).where("id", "=", issue.id).execute();
      await logEvent(deps, room, who.personId, "triage", `${issue.key} S${severity ?? "?"}${owner ? ` → #${owner.id}` : ""}`);
      await warroom.refreshCard(room);
      const names = await namesOf(db, [owner?.id ?? issue.owner_id]);
      return t(who.locale, "golive.issue.triaged", { key: issue.key, sev: severity ?? "?", owner: names.get(owner?.id ?? issue.owner_id ?? 0) ?? "—", target: target ? localStamp(target, project.timezone) : "—" });
    },

    async resolve(who: GoliveAsker, key: string): Promise<string> {
      const room = await requireWarroom(db, who);
      const issue = await findIssue(room, key);
      if (issue.status === "resolved") throw new UserError("golive.errors.issue_resolved", { key: issue.key });
      await db.updateTable("warroom_issues").set({ status: "resolved", resolved_by: who.personId, resolved_at: core.clock.now() }).where("id", "=", issue.id).execute();
      await logEvent(deps, room, who.personId, "resolved", issue.key);
      await warroom.refreshCard(room);
      return t(who.locale, "golive.issue.resolved", { key: issue.key });
    },

    async list(who: GoliveAsker): Promise<OutboundMessage> {
      const room = await requireWarroom(db, who);
      const project = await projectOf(deps, who);
      const open = await db.selectFrom("warroom_issues").selectAll().where("warroom_id", "=", room.id).where("status", "=", "open").orderBy(sql`coalesce(severity, 0)`).orderBy("number").execute();
      const names = await namesOf(db, open.map((i) => i.owner_id));
      const lines = open.map((i) => t(who.locale, "golive.issue.line", { key: i.key, sev: i.severity ?? "?", text: i.text, owner: names.get(i.owner_id ?? 0) ?? "—", target: i.target_at ? localStamp(i.target_at, project.timezone) : "—" }));
      return { title: t(who.locale, "golive.issue.list_title", { count: open.length }), locale: who.locale, blocks: [{ type: "text", markdown: lines.join("\n") || t(who.locale, "golive.issue.none") }] };
    },
  };
}

export type IssueFlows = ReturnType<typeof createIssues>;

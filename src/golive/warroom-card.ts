import type { OutboundMessage } from "../core/message.js";
import { localStamp, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { WARROOM_ROLES } from "./model.js";
import { rolesOf, type Warroom } from "./warroom-state.js";

/** Renders the war room's status card: state, roles, open issues by severity, the last update, the rollback countdown. */
export async function statusCard(deps: GoliveDeps, room: Warroom, locale: Locale): Promise<OutboundMessage> {
  const { db, core } = deps;
  const project = await projectOf(deps, { tenantId: room.tenant_id, projectId: room.project_id });
  const roles = await rolesOf(db, room.id);
  const names = await namesOf(db, [...roles.values()]);
  const issues = await db.selectFrom("warroom_issues").select(["severity"]).where("warroom_id", "=", room.id).where("status", "=", "open").execute();
  const bySev = [1, 2, 3, 4].map((s) => `S${s}: ${issues.filter((i) => i.severity === s).length}`).join(" · ");
  const unset = issues.filter((i) => i.severity === null).length;
  const plan = await db.selectFrom("rollback_plans").select("point_of_no_return").where("project_id", "=", room.project_id).executeTakeFirst();
  const round = await db.selectFrom("golive_rounds").select(["key", "status", "override_reason"]).where("project_id", "=", room.project_id).where("status", "<>", "open").orderBy("number", "desc").executeTakeFirst();
  const now = core.clock.now();
  const lines = [
    t(locale, `golive.warroom.state.${room.status}`, { until: room.hypercare_until ?? "—" }),
    WARROOM_ROLES.map((r) => `${t(locale, `golive.role.${r}`)}: ${names.get(roles.get(r) ?? 0) ?? "—"}`).join(" · "),
    t(locale, "golive.warroom.card_issues", { count: issues.length, bySev, unset }),
  ];
  if (round) lines.push(t(locale, round.status === "go" ? "golive.warroom.card_go" : "golive.warroom.card_nogo", { key: round.key }) + (round.override_reason ? ` · ${t(locale, "golive.warroom.card_override", { reason: round.override_reason })}` : ""));
  if (plan) {
    const minutes = Math.round((plan.point_of_no_return.getTime() - now.getTime()) / 60_000);
    lines.push(minutes > 0 ? t(locale, "golive.warroom.card_pnr", { at: localStamp(plan.point_of_no_return, project.timezone), hours: Math.floor(minutes / 60), minutes: minutes % 60 }) : t(locale, "golive.warroom.card_pnr_passed", { at: localStamp(plan.point_of_no_return, project.timezone) }));
  }
  if (room.updated_at) {
    lines.push(t(locale, "golive.warroom.card_update", { at: localStamp(room.updated_at, project.timezone), conditions: room.conditions ?? "—", actions: room.actions ?? "—", needs: room.needs ?? "—" }));
  }
  return { title: t(locale, "golive.warroom.card_title", { project: project.name }), locale, blocks: [{ type: "text", markdown: lines.join("\n") }] };
}

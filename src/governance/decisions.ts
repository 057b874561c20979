import type { DecisionSource, PendingDecision } from "../core/decisions.js";
import { translator } from "./i18n.js";
import type { Database } from "../db/database.js";
import type { CoreServices } from "../services.js";
import { labelKey, RECOMMENDATION_LABEL } from "./labels.js";

/**
 * What governance asks people to decide: change requests the PM has reviewed (for the project's sponsors and the
 * named decider) and risks escalated to the sponsors that have no answer yet.
 */
export function governanceDecisions(db: Database, core: Pick<CoreServices, "projects">): DecisionSource {
  return {
    async pendingFor(query) {
      const held = (await core.projects.projectsOf(query.tenantId, query.personId)).filter((p) => query.projectId === undefined || p.project.id === query.projectId);
      const sponsorOf = held.filter((p) => p.roles.includes("sponsor")).map((p) => p.project.id);
      const keyOf = new Map(held.map((p) => [p.project.id, p.project.key]));
      const inProject = (projectId: number) => ` --project ${keyOf.get(projectId) ?? projectId}`;
      const t = translator(query.locale);
      const out: PendingDecision[] = [];
      let changes = db.selectFrom("change_requests").selectAll().where("tenant_id", "=", query.tenantId).where("status", "=", "reviewed");
      changes = changes.where((eb) => eb.or([eb("decider_id", "=", query.personId), ...(sponsorOf.length > 0 ? [eb("project_id", "in", sponsorOf)] : [])]));
      if (query.projectId !== undefined) changes = changes.where("project_id", "=", query.projectId);
      for (const c of await changes.execute()) {
        out.push({
          feature: "governance",
          kind: "change",
          key: c.key,
          projectId: c.project_id,
          title: t("governance.decision.change", { key: c.key, text: c.text, days: c.impact_days, cost: Number(c.impact_cost), recommendation: t(labelKey(RECOMMENDATION_LABEL, c.recommendation ?? "recommend")) }),
          askedAt: c.reviewed_at ?? c.created_at,
          actions: [
            { label: t("governance.change.approve"), command: `change decide ${c.key} approve${inProject(c.project_id)}`, style: "primary" },
            { label: t("governance.change.reject"), command: `change decide ${c.key} reject${inProject(c.project_id)}`, style: "danger" },
            { label: t("governance.change.defer"), command: `change decide ${c.key} defer${inProject(c.project_id)}` },
          ],
        });
      }
      if (sponsorOf.length > 0) {
        const risks = await db
          .selectFrom("risks")
          .selectAll()
          .where("project_id", "in", sponsorOf)
          .where("status", "=", "open")
          .where("escalated_at", "is not", null)
          .where((eb) => eb.or([eb("decided_at", "is", null), eb("decided_at", "<", eb.ref("escalated_at"))]))
          .execute();
        for (const r of risks) {
          out.push({
            feature: "governance",
            kind: "risk",
            key: r.key,
            projectId: r.project_id,
            title: t("governance.decision.risk", { key: r.key, text: r.text, exposure: r.impact * r.likelihood }),
            askedAt: r.escalated_at ?? r.created_at,
            actions: [
              { label: t("governance.risk.decide_accept"), command: `risk decide ${r.key} accept${inProject(r.project_id)}` },
              { label: t("governance.risk.decide_mitigate"), command: `risk decide ${r.key} mitigate${inProject(r.project_id)}` },
            ],
          });
        }
      }
      return out;
    },
  };
}

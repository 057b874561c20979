import { localParts } from "../calendar/zones.js";
import { daysBetween } from "../core/dates.js";
import { percent } from "./gate-messages.js";
import { projectOf, type GoliveDeps } from "./deps.js";
import type { GoNoGo } from "./decide.js";
import type { Gates } from "./gates.js";
import type { GateCategory, WarroomStatus } from "./schema.js";

/** What the sponsor digest (and any later feature) reads of go-live for one project. */
export interface GoliveDigest {
  goLiveDate: string | null;
  /** Days from today (project-local) to the go-live date; negative once past; null without a date. */
  daysToGoLive: number | null;
  readiness: { passed: number; total: number; percent: number; byCategory: { category: GateCategory; passed: number; total: number; percent: number }[] };
  openSev1: number;
  /** Approvers who have not voted in the open go/no-go round. */
  pendingVotes: number;
  warroom: WarroomStatus | "none";
}

export interface GoliveReads {
  digest(tenantId: number, projectId: number): Promise<GoliveDigest>;
}

export function createGoliveReads(deps: GoliveDeps, gates: Gates, goNoGo: GoNoGo): GoliveReads {
  const { db } = deps;
  return {
    async digest(tenantId, projectId) {
      const project = await projectOf(deps, { tenantId, projectId });
      const today = localParts(deps.core.clock.now(), project.timezone).date;
      const status = await gates.status(tenantId, projectId);
      const room = await db.selectFrom("warrooms").select(["id", "status"]).where("project_id", "=", projectId).orderBy("id", "desc").executeTakeFirst();
      const sev1 = room ? await db.selectFrom("warroom_issues").select((eb) => eb.fn.countAll<string>().as("n")).where("warroom_id", "=", room.id).where("status", "=", "open").where("severity", "=", 1).executeTakeFirstOrThrow() : { n: "0" };
      const round = await db.selectFrom("golive_rounds").select("id").where("project_id", "=", projectId).where("status", "=", "open").executeTakeFirst();
      let pendingVotes = 0;
      if (round) {
        const approvers = await goNoGo.approversOf(tenantId, projectId);
        const voted = new Set((await db.selectFrom("golive_votes").select("person_id").where("round_id", "=", round.id).execute()).map((v) => v.person_id));
        pendingVotes = approvers.filter((id) => !voted.has(id)).length;
      }
      return {
        goLiveDate: project.goLiveDate,
        daysToGoLive: project.goLiveDate ? daysBetween(today, project.goLiveDate) : null,
        readiness: { passed: status.passed, total: status.total, percent: percent(status.passed, status.total), byCategory: status.byCategory.map((c) => ({ ...c, percent: percent(c.passed, c.total) })) },
        openSev1: Number(sev1.n),
        pendingVotes,
        warroom: room?.status ?? "none",
      };
    },
  };
}

import { addDays, weekOf, weekdayOf } from "../core/dates.js";
import { dueLocalTimes, zonedTimeToInstant } from "../calendar/zones.js";
import { message, text, type OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { OccurrenceSchedule, Occurrence } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import type { Team } from "../teams/service.js";
import { rank } from "./board.js";
import { translator } from "./i18n.js";
import { kindKey } from "./labels.js";
import type { Participation } from "./participation.js";
import { VISITS_BADGE } from "./rules.js";
import type { Scores } from "./scores.js";
import type { SettingsStore } from "./settings.js";

const POST_TIME = "09:00";
const HOUR_MS = 3_600_000;

/** Whether the window overlaps Sunday 19:00 – Monday 21:00 UTC (Monday 09:00 in every zone from UTC−12 to UTC+14). */
function touchesMondayMorning(window: { from: Date; to: Date }): boolean {
  if (window.to.getTime() - window.from.getTime() >= 7 * 24 * HOUR_MS) return true;
  for (let at = window.from.getTime(); ; at = Math.min(at + HOUR_MS, window.to.getTime())) {
    const d = new Date(at);
    const hours = ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours(); // hours since Monday 00:00 UTC
    if (hours >= 6 * 24 + 19 || hours <= 21) return true;
    if (at >= window.to.getTime()) return false;
  }
}

/** The week's post for one team, or null when nobody on it earned a point. */
export async function weeklyPost(deps: { core: CoreServices; scores: Scores }, team: Team, week: { from: string; to: string }): Promise<OutboundMessage | null> {
  const { scores } = deps;
  const t = translator(team.locale);
  const optedOut = await scores.optedOut(team.tenantId);
  const people = (await deps.core.teams.members(team.tenantId, team.id)).filter((p) => !optedOut.has(p.personId)).map((p) => ({ personId: p.personId, name: p.displayName }));
  const names = new Map(people.map((p) => [p.personId, p.name]));
  const now = new Map((await scores.totals(team.projectId, week.from, week.to)).map((s) => [s.personId, s.points]));
  const ranked = rank(people, now);
  if (ranked.length === 0) return null;
  const before = weekOf(addDays(week.from, -7));
  const then = new Map((await scores.totals(team.projectId, before.from, before.to)).map((s) => [s.personId, s.points]));
  const blocks = [text(ranked.slice(0, 3).map((r) => t("adoption.weekly.top", { rank: r.rank, name: r.name, points: r.points })).join("\n"))];
  // Climbers: people who also scored the week before and gained the most since (newcomers are in the top three or not at all).
  const climbers = ranked
    .filter((r) => (then.get(r.personId) ?? 0) > 0)
    .map((r) => ({ name: r.name, gain: r.points - (then.get(r.personId) ?? 0) }))
    .filter((c) => c.gain > 0)
    .sort((a, b) => b.gain - a.gain)
    .slice(0, 3);
  if (climbers.length > 0) blocks.push(text(`${t("adoption.weekly.climbers")}\n${climbers.map((c) => t("adoption.weekly.climber", { name: c.name, gain: c.gain })).join("\n")}`));
  const champion = ranked[0]!;
  // The reason is what they did most often (a one-time bonus is not a reason).
  const kinds = (await scores.breakdown(team.tenantId, team.projectId, champion.personId, week.from, week.to)).filter((k) => k.count > 0);
  const why = [...kinds].sort((a, b) => Number(a.kind === "first_record") - Number(b.kind === "first_record") || b.count - a.count)[0];
  blocks.push(text(t("adoption.weekly.champion", { name: champion.name, count: why?.count ?? 0, kind: t(kindKey(why?.kind ?? "record_created")) })));
  const badges = [
    ...(await scores.firstRecords(team.tenantId, team.projectId, week.from, week.to)).filter((b) => names.has(b.personId)).map((b) => t("adoption.weekly.badge_first", { name: names.get(b.personId)!, object: b.object })),
    ...(await scores.visitMilestones(team.tenantId, team.projectId, VISITS_BADGE, week.from, week.to)).filter((id) => names.has(id)).map((id) => t("adoption.weekly.badge_visits", { name: names.get(id)!, count: VISITS_BADGE })),
  ];
  if (badges.length > 0) blocks.push(text(`${t("adoption.weekly.badges")}\n${badges.join("\n")}`));
  return message(t("adoption.weekly.title", { team: team.name, from: week.from, to: week.to }), ...blocks);
}

/**
 * Monday 09:00 in each team's zone: last week's recognition post in the team's group — top three, climbers, the
 * week's 标兵 with the reason, badges. Projects in test mode get none. The message is built before the claim
 * (PGlite has one connection).
 */
export function weeklySchedule(deps: { db: Database; core: CoreServices; scores: Scores; settings: SettingsStore; participation: Participation }): OccurrenceSchedule {
  return {
    name: "adoption-weekly",
    late: "send",
    async *due(window) {
      // Monday 09:00 somewhere on Earth falls between Sunday 19:00 and Monday 21:00 UTC: other ticks stop here.
      if (!touchesMondayMorning(window)) return;
      const since = addDays(window.to.toISOString().slice(0, 10), -15);
      // Projects with recent points, one index probe each (the projects table is small, the points table is not).
      const projects = await deps.db
        .selectFrom("projects")
        .select(["projects.tenant_id", "projects.id as project_id"])
        .where(({ exists, selectFrom }) => exists(selectFrom("adoption_points").select("adoption_points.id").whereRef("adoption_points.project_id", "=", "projects.id").where("adoption_points.day", ">=", since)))
        .execute();
      for (const { tenant_id: tenantId, project_id: projectId } of projects) {
        if ((await deps.settings.read(projectId)).mode === "test") continue;
        const project = await deps.core.projects.get(tenantId, projectId);
        if (!project) continue;
        let settled = false;
        const occurrences: Occurrence[] = [];
        for (const team of await deps.core.teams.list(tenantId, projectId)) {
          const home = team.home;
          if (!home) continue;
          for (const { date } of dueLocalTimes(window.from, window.to, POST_TIME, team.timezone)) {
            if (weekdayOf(date) !== 1) continue;
            if (!settled) await deps.participation.settle(tenantId, projectId, project.timezone), (settled = true);
            const post = await weeklyPost(deps, team, weekOf(addDays(date, -1)));
            if (!post) continue;
            occurrences.push({
              key: `adoption:weekly:${team.id}:${date}`,
              dueAt: zonedTimeToInstant(date, POST_TIME, team.timezone),
              to: { conversation: home, tenantId },
              locale: team.locale,
              timeZone: team.timezone,
              message: () => post,
            });
          }
        }
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
}

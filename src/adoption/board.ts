import type { Role } from "../core/command.js";
import { message, text, type OutboundMessage } from "../core/message.js";
import type { CoreServices } from "../services.js";
import { localDay, periodOf, previousPeriod, type Period } from "./days.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import type { Participation } from "./participation.js";
import { kindKey } from "./labels.js";
import type { Scores } from "./scores.js";
import type { SettingsStore } from "./settings.js";

export interface Viewer {
  tenantId: number;
  projectId: number;
  projectName: string;
  timezone: string;
  personId: number;
  roles: readonly Role[];
  locale: Locale;
}

/** Sales reps are not ranked against admins: each person's segment is their most specific role. */
const ROLE_ORDER: readonly Role[] = ["sponsor", "pm", "admin", "consultant", "key_user", "member"];
/** How a board is cut: the whole project, per team, per role, per CRM module (object type). */
export type Segmenting = "all" | "team" | "role" | "module";

const SEES_ALL: readonly Role[] = ["pm", "sponsor", "admin"];
const TOP = 10;

interface Ranked {
  personId: number;
  name: string;
  points: number;
  rank: number;
  hidden: boolean;
}

/** Ranks people by points (ties share a rank); people without points are left out. */
export function rank(people: readonly { personId: number; name: string; hidden?: boolean }[], points: ReadonlyMap<number, number>): Ranked[] {
  // Each entry built field by field: spreading and then adding fields is ~20× slower in V8, and a board ranks 2,000.
  const scored: Omit<Ranked, "rank">[] = [];
  for (const p of people) {
    const n = points.get(p.personId) ?? 0;
    if (n > 0) scored.push({ personId: p.personId, name: p.name, points: n, hidden: p.hidden ?? false });
  }
  scored.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  let last = Number.NaN;
  let rankOf = 0;
  return scored.map((p, i) => {
    if (p.points !== last) (rankOf = i + 1), (last = p.points);
    return { personId: p.personId, name: p.name, points: p.points, hidden: p.hidden, rank: rankOf };
  });
}

interface Segment {
  label: string;
  people: readonly { personId: number; displayName: string }[];
  points?: ReadonlyMap<number, number>;
}

/** Boards (`adoption board`) and one's own detail (`adoption me`). */
export function createBoards(deps: { core: CoreServices; scores: Scores; settings: SettingsStore; participation: Participation }) {
  const { core, scores } = deps;

  /** The board's parts: who is on each, and the points it ranks them by when not the period's totals. */
  const segments = async (v: Viewer, by: Segmenting, t: Translate, range: { from: string; to: string }): Promise<Segment[]> => {
    if (by === "team") {
      const [teams, members] = await Promise.all([core.teams.list(v.tenantId, v.projectId), core.teams.membersByTeam(v.tenantId, v.projectId)]);
      return teams.map((team) => ({ label: team.name, people: members.get(team.id) ?? [] }));
    }
    const members = await core.projects.members(v.tenantId, v.projectId);
    if (by === "module") {
      // One board per CRM object type, ranked by the points earned on it (the project's members only).
      const perObject = await scores.byObject(v.projectId, range.from, range.to);
      const objects = [...new Set(perObject.map((r) => r.object))].sort();
      return objects.map((object) => ({
        label: object,
        people: members,
        points: new Map(perObject.filter((r) => r.object === object).map((r) => [r.personId, r.points])),
      }));
    }
    if (by === "role") {
      return ROLE_ORDER.map((role) => ({
        label: t(`roles.${role}`),
        people: members.filter((m) => ROLE_ORDER.find((r) => m.roles.includes(r)) === role),
      })).filter((s) => s.people.length > 0);
    }
    return [{ label: v.projectName, people: members }];
  };

  return {
    async board(v: Viewer, opts: { by: Segmenting; period: Period }): Promise<OutboundMessage> {
      const t = translator(v.locale);
      const settings = await deps.settings.read(v.projectId);
      const admin = v.roles.includes("admin");
      if (settings.mode === "test" && !admin) return message(undefined, text(t("adoption.board.test_mode")));
      await deps.participation.settleTasks(v.tenantId, v.projectId, v.timezone);
      const range = periodOf(localDay(core.clock.now(), v.timezone), opts.period);
      // A module board ranks by each module's points, not the totals. The reads are independent: one round trip's wait.
      const [totals, optedOut, parts] = await Promise.all([
        opts.by === "module" ? [] : scores.totals(v.projectId, range.from, range.to),
        scores.optedOut(v.tenantId),
        segments(v, opts.by, t, range),
      ]);
      const points = new Map(totals.map((s) => [s.personId, s.points]));
      const seesAll = v.roles.some((r) => SEES_ALL.includes(r));
      const blocks = [];
      if (settings.mode === "test") blocks.push(text(t("adoption.board.test_note")));
      for (const segment of parts) {
        const people = segment.people
          .map((p) => ({ personId: p.personId, name: p.displayName, hidden: optedOut.has(p.personId) }))
          .filter((p) => seesAll || !p.hidden || p.personId === v.personId);
        const ranked = rank(people, segment.points ?? points);
        const lines = ranked.slice(0, TOP).map((r) => t("adoption.board.line", { rank: r.rank, name: r.name, points: r.points, hidden: r.hidden ? "yes" : "no" }));
        const mine = ranked.find((r) => r.personId === v.personId);
        if (mine && mine.rank > TOP) lines.push(t("adoption.board.you", { rank: mine.rank, points: mine.points }));
        blocks.push(text(`**${segment.label}**\n${lines.length > 0 ? lines.join("\n") : t("adoption.board.empty")}`));
      }
      return message(t(opts.period === "week" ? "adoption.board.title_week" : "adoption.board.title_month", { from: range.from, to: range.to }), ...blocks);
    },

    async me(v: Viewer): Promise<OutboundMessage> {
      const t = translator(v.locale);
      await deps.participation.settleTasks(v.tenantId, v.projectId, v.timezone);
      const today = localDay(core.clock.now(), v.timezone);
      const week = periodOf(today, "week");
      const month = periodOf(today, "month");
      const lastWeek = previousPeriod(week, "week");
      const sum = async (r: { from: string; to: string }) => (await scores.breakdown(v.tenantId, v.projectId, v.personId, r.from, r.to)).reduce((n, k) => n + k.points, 0);
      const kinds = await scores.breakdown(v.tenantId, v.projectId, v.personId, month.from, month.to);
      const optedOut = (await scores.optedOut(v.tenantId)).has(v.personId);
      const lines = kinds.map((k) => t("adoption.me.kind", { kind: t(kindKey(k.kind)), count: k.count, points: k.points }));
      return message(
        t("adoption.me.title"),
        text(t("adoption.me.totals", { week: await sum(week), last: await sum(lastWeek), month: await sum(month) })),
        text(lines.length > 0 ? lines.join("\n") : t("adoption.me.nothing")),
        text(t("adoption.me.tips")),
        ...(optedOut ? [text(t("adoption.me.opted_out"))] : []),
      );
    },
  };
}

export type Boards = ReturnType<typeof createBoards>;

import { RefusalError, UserError, type Role } from "../core/command.js";
import type { Locale } from "../core/i18n.js";
import { fields, text, type OutboundMessage } from "../core/message.js";
import type { Project } from "../projects/service.js";
import { computeDigest, type DigestBuildDeps } from "./build.js";
import { translator } from "./i18n.js";
import type { LinkStore } from "./links.js";
import { signLink } from "./links.js";
import { digestMessage, type ReportLink } from "./message.js";
import { reportPage } from "./page.js";
import { recipientsOf, type RulesOf } from "./recipients.js";
import { REPORT_PATH } from "./route.js";
import type { RagStatus } from "./schema.js";
import { statusLabel } from "./sections/status.js";
import { READER_ROLES, type DigestSettingsStore } from "./settings.js";
import type { Notifier } from "../notify/notifier.js";
import type { ProjectService } from "../projects/service.js";
import type { Clock } from "../core/clock.js";
import type { Database } from "../db/database.js";
import type { WeekCache } from "./week-cache.js";

/** Who runs a digest command, in the project they are in. */
export interface DigestAsker {
  tenantId: number;
  projectId: number;
  personId: number;
  locale: Locale;
  roles: readonly Role[];
}

export interface DigestFlowDeps extends DigestBuildDeps {
  db: Database;
  core: DigestBuildDeps["core"] & { projects: ProjectService; notify: Notifier; clock: Clock };
  settings: DigestSettingsStore;
  links: LinkStore;
  rulesOf: RulesOf;
  config: { PUBLIC_URL?: string | undefined; LINK_SECRET?: string | undefined };
}

const WEEKDAY_KEY = ["", "digest.weekday.1", "digest.weekday.2", "digest.weekday.3", "digest.weekday.4", "digest.weekday.5", "digest.weekday.6", "digest.weekday.7"];
const day = (at: Date) => at.toISOString().slice(0, 10);

export function createDigestFlows(deps: DigestFlowDeps) {
  const { core, store, settings, links } = deps;

  const projectOf = async (who: Pick<DigestAsker, "tenantId" | "projectId">): Promise<Project> => {
    const project = await core.projects.get(who.tenantId, who.projectId);
    if (!project) throw new Error(`project ${who.projectId} not found`);
    return project;
  };

  /** A fresh signed link for one reader, or null when the bot has no public URL or link secret. */
  const linkFor = async (project: Project, personId: number, now: Date, via?: Database): Promise<ReportLink | null> => {
    const { PUBLIC_URL, LINK_SECRET } = deps.config;
    if (!PUBLIC_URL || !LINK_SECRET) return null;
    const row = await links.create(project.tenantId, project.id, personId, now, via);
    const token = signLink(LINK_SECRET, { id: row.id, tenantId: project.tenantId, expiresAt: row.expiresAt.getTime() });
    return { url: `${PUBLIC_URL.replace(/\/+$/, "")}${REPORT_PATH}?t=${token}`, expiresAt: row.expiresAt };
  };

  /** One reader's digest: the content and the chat message (with the chart, and a link when one is given). */
  const build = async (project: Project, reader: { personId: number; locale: Locale }, now: Date, link: ReportLink | null, weeks?: WeekCache) => {
    const content = await computeDigest(weeks ? { ...deps, weeks } : deps, { project, readerId: reader.personId, locale: reader.locale, now });
    return { content, message: await digestMessage(content, { images: true, link }) };
  };

  return {
    build,
    /** A reader's digest content without drawing it (the bench, and any later reader of the numbers). */
    content: (project: Project, reader: { personId: number; locale: Locale }, now: Date) => computeDigest(deps, { project, readerId: reader.personId, locale: reader.locale, now }),
    linkFor,
    recipients: async (project: Project) => recipientsOf({ projects: core.projects, rulesOf: deps.rulesOf }, project.tenantId, project.id, await settings.read(project.id)),

    /** `digest preview`: the digest as the asker would get it now; nothing is sent to anyone else or stored. */
    async preview(who: DigestAsker): Promise<OutboundMessage> {
      const project = await projectOf(who);
      const now = core.clock.now();
      return (await build(project, who, now, await linkFor(project, who.personId, now))).message;
    },

    /** `digest send`: every recipient's digest now (a copy to the PM), and its numbers kept in history. */
    async send(who: DigestAsker): Promise<string> {
      const t = translator(who.locale);
      const project = await projectOf(who);
      const now = core.clock.now();
      const recipients = await this.recipients(project);
      if (!recipients.some((r) => r.sponsor)) throw new UserError("digest.errors.no_sponsor");
      let stored = false;
      const reached: string[] = [];
      const unreachable: string[] = [];
      for (const r of recipients) {
        const { content, message } = await build(project, r, now, await linkFor(project, r.personId, now));
        const sent = await core.notify.toPerson(project.tenantId, r.personId, message, { key: `digest:manual:${project.id}:${now.getTime()}:p${r.personId}` });
        if (sent === "no_identity") {
          unreachable.push(r.name);
          continue;
        }
        reached.push(r.name);
        if (!stored) {
          await store.record(deps.db, { tenantId: project.tenantId, projectId: project.id, period: `manual:${now.toISOString()}`, kind: "manual", status: content.status, figures: content.figures, at: now });
          stored = true;
        }
      }
      const lines = [t("digest.sent", { count: reached.length, names: reached.join(", ") })];
      if (unreachable.length > 0) lines.push(t("digest.unreachable", { names: unreachable.join(", ") }));
      return lines.join("\n");
    },

    /** `digest time <weekday> <HH:MM>`: when the weekly digest goes out, in each recipient's own time zone. */
    async setTime(who: DigestAsker, weekday: number, time: string): Promise<string> {
      const next = await settings.update(who.projectId, { weekday, time });
      const t = translator(who.locale);
      return t("digest.time_set", { weekday: t(WEEKDAY_KEY[next.weekday]!), time: next.time });
    },

    /** `digest recipients [pm] [admin] | none`: who gets a copy beside the sponsors. */
    async setRecipients(who: DigestAsker, roles: Role[] | null): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const project = await projectOf(who);
      const current = roles === null ? await settings.read(project.id) : await settings.update(project.id, { roles });
      const people = await this.recipients(project);
      return {
        title: t("digest.recipients.title", { project: project.name }),
        blocks: [
          fields([
            [t("digest.recipients.when"), t("digest.recipients.when_value", { weekday: t(WEEKDAY_KEY[current.weekday]!), time: current.time })],
            [t("digest.recipients.copies"), current.roles.length > 0 ? current.roles.map((r) => t(ROLE_KEY[r] ?? "digest.role.other")).join(", ") : t("digest.recipients.sponsors_only")],
            [t("digest.recipients.people"), people.map((p) => p.name).join(", ") || "—"],
          ]),
        ],
      };
    },

    /** `project status red|amber|green "<note>"` (PM): shown beside the computed status; `project status auto` clears it. */
    async setStatus(who: DigestAsker, status: RagStatus | "auto", note: string | null): Promise<string> {
      const t = translator(who.locale);
      if (status === "auto") return (await store.clearOverride(who.projectId)) ? t("digest.status.cleared") : t("digest.status.none");
      if (!note) throw new UserError("digest.errors.note_needed");
      await store.setOverride(who.tenantId, who.projectId, status, note, who.personId, core.clock.now());
      return t("digest.status.set", { status: statusLabel(t, status), note });
    },

    /** `digest history`: the digests sent, newest first, with their status and headline numbers. */
    async history(who: DigestAsker): Promise<OutboundMessage | string> {
      const t = translator(who.locale);
      const rows = await store.history(who.projectId, 12);
      if (rows.length === 0) return t("digest.history.none");
      const line = (r: (typeof rows)[number]) =>
        t("digest.history.line", {
          date: day(r.sentAt),
          kind: r.kind === "weekly" ? t("digest.history.weekly") : t("digest.history.manual"),
          status: statusLabel(t, r.status),
          done: r.figures["delivery.done"] ?? 0,
          decisions: r.figures["decisions.count"] ?? 0,
          active: r.figures["adoption.active"] ?? 0,
        });
      return { title: t("digest.history.title"), blocks: [text(rows.map(line).join("\n"))] };
    },

    /** `digest revoke [--all]`: the asker's web-report links die at once (the PM's `--all`: everyone's). */
    async revoke(who: DigestAsker, all: boolean): Promise<string> {
      const t = translator(who.locale);
      if (all && !who.roles.some((r) => r === "pm" || r === "admin")) throw new RefusalError("digest.errors.revoke_all_pm");
      const n = await links.revoke(who.projectId, all ? null : who.personId, core.clock.now());
      return t("digest.revoked", { count: n });
    },

    /** The web report for a link's reader, or null when they no longer hold a reader role in the project. */
    async reportHtml(projectId: number, tenantId: number, personId: number, expiresAt: Date): Promise<string | null> {
      const project = await core.projects.get(tenantId, projectId);
      if (!project || project.tenantId !== tenantId) return null;
      const roles = await core.projects.rolesOf(tenantId, projectId, personId);
      if (!roles.some((r) => READER_ROLES.includes(r))) return null;
      const rules = (await deps.rulesOf(tenantId, [personId])).get(personId);
      const content = await computeDigest(deps, { project, readerId: personId, locale: rules?.locale ?? "zh-CN", now: core.clock.now() });
      return reportPage(content, expiresAt);
    },
  };
}

const ROLE_KEY: Partial<Record<Role, string>> = { pm: "digest.role.pm", admin: "digest.role.admin" };

export type DigestFlows = ReturnType<typeof createDigestFlows>;

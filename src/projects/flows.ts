import { UserError } from "../core/command.js";
import { translator } from "../core/i18n.js";
import type { OutboundMessage } from "../core/message.js";
import { showDate } from "../core/relative-dates.js";
import { currentProject, type Asker } from "../people/asker.js";
import type { CoreServices } from "../services.js";
import { projectCard, projectListMessage } from "./messages.js";
import type { Phase, Project } from "./service.js";

/** What `project create` is given. */
export interface NewProjectInput {
  name: string;
  key?: string;
  /** `YYYY-MM-DD`. */
  golive?: string;
  /** IANA zone; the tenant's when not given. */
  timezone?: string;
}

/** What the project flows read and change. */
export type ProjectFlowDeps = Pick<CoreServices, "projects" | "teams" | "people">;

/** `project show`, `list`, `use`, `create`, `phase`, `golive-date`. */
export function createProjectFlows({ projects, teams, people }: ProjectFlowDeps) {
  const found = async (who: Asker, ref: string): Promise<Project> => {
    const project = await projects.find(who.tenant.id, ref);
    if (!project) throw new UserError("commands.project.not_found", { project: ref });
    return project;
  };

  /** Members of a project and tenant admins may look into it; anyone else is told they are not a member. */
  const mustSee = async (who: Asker, project: Project): Promise<void> => {
    const roles = await projects.rolesOf(who.tenant.id, project.id, who.actor.personId);
    if (roles.length === 0 && !(await projects.isTenantAdmin(who.tenant.id, who.actor.personId))) {
      throw new UserError("commands.project.not_member", { project: project.name });
    }
  };

  return {
    /** The current project, or another the asker may see. */
    async show(who: Asker, ref?: string): Promise<OutboundMessage> {
      const current = who.project;
      const project = ref ? await projects.find(who.tenant.id, ref) : current ? await projects.get(who.tenant.id, current.id) : null;
      if (!project) throw new UserError("commands.project.not_found", { project: ref ?? "" });
      if (project.id !== current?.id) await mustSee(who, project);
      const members = await projects.members(who.tenant.id, project.id);
      const projectTeams = await teams.list(who.tenant.id, project.id);
      const canChangePhase = who.roles.includes("pm") || who.roles.includes("admin");
      return projectCard(translator(who.locale), { project, members, teams: projectTeams, now: who.now, canChangePhase });
    },

    /** The asker's projects; a tenant admin sees every project of the tenant. */
    async list(who: Asker): Promise<OutboundMessage | string> {
      const t = translator(who.locale);
      const mine = await projects.projectsOf(who.tenant.id, who.actor.personId);
      const admin = await projects.isTenantAdmin(who.tenant.id, who.actor.personId);
      const visible = admin ? (await projects.list(who.tenant.id)).map((p) => ({ project: p, roles: mine.find((m) => m.project.id === p.id)?.roles ?? [] })) : mine;
      if (visible.length === 0) return t("commands.project_list.none");
      return projectListMessage(t, visible, who.project?.id ?? null);
    },

    /** Makes another project the asker's current one. */
    async use(who: Asker, ref: string): Promise<string> {
      const project = await found(who, ref);
      await mustSee(who, project);
      await people.setCurrentProject(who.tenant.id, who.actor.personId, project.id);
      return translator(who.locale)("commands.project_use.done", { name: project.name, key: project.key });
    },

    /** A new project, the asker its admin and PM, and their current project from now on. */
    async create(who: Asker, input: NewProjectInput): Promise<string> {
      const { tenant, actor } = who;
      if (input.key && (await projects.find(tenant.id, input.key))) throw new UserError("commands.project_create.key_taken", { key: input.key });
      const timezone = input.timezone ?? tenant.timezone;
      try {
        new Intl.DateTimeFormat("en", { timeZone: timezone });
      } catch {
        throw new UserError("errors.bad_timezone", { value: timezone });
      }
      const project = await projects.create(tenant.id, {
        name: input.name,
        ...(input.key ? { key: input.key } : {}),
        timezone,
        goLiveDate: input.golive ?? null,
        ownerId: actor.personId,
        ownerRoles: ["admin", "pm"],
      });
      await people.setCurrentProject(tenant.id, actor.personId, project.id);
      const t = translator(who.locale);
      const done = t("commands.project_create.done", { name: project.name, key: project.key });
      return input.golive ? `${done}\n${t("commands.project_create.golive", { date: showDate(input.golive, t) })}` : done;
    },

    async setPhase(who: Asker, phase: Phase): Promise<string> {
      const project = currentProject(who);
      await projects.setPhase(who.tenant.id, project.id, phase);
      const t = translator(who.locale);
      return t("commands.project_phase.done", { name: project.name, phase: t(`phases.${phase}`) });
    },

    /** Sets the go-live date, or clears it with `null`. */
    async setGoLive(who: Asker, date: string | null): Promise<string> {
      const project = currentProject(who);
      await projects.setGoLiveDate(who.tenant.id, project.id, date);
      const t = translator(who.locale);
      return date ? t("commands.project_golive.done", { name: project.name, date: showDate(date, t) }) : t("commands.project_golive.cleared", { name: project.name });
    },
  };
}

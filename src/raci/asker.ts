import type { TaskEvents } from "./task-port.js";
import type { ConversationRef } from "../core/adapter.js";
import type { ProjectAsker } from "../core/project-asker.js";
import type { Clock } from "../core/clock.js";
import { permits, RefusalError, UserError } from "../core/command.js";
import type { BlockerLinks } from "../standups/blocker-links.js";
import { translator, type Translate } from "./i18n.js";
import type { AuditService } from "../audit/service.js";
import type { CalendarService } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import type { PeopleService } from "../people/service.js";
import type { Project, ProjectService } from "../projects/service.js";
import type { TenantService } from "../tenants/service.js";
import { isClearWord, readTaskKey, splitPeople, type RaciIds, type RaciRole, type Task } from "./model.js";
import { createProjectPeopleResolver } from "./people-refs.js";
import type { TaskService } from "./service.js";

/** Who runs a task command, in which project, with which project roles; the CLI and ticks have no conversation. */
export interface TaskAsker extends Omit<ProjectAsker, "conversation"> {
  conversation: ConversationRef | null;
}

/** What the RACI flows are built from. */
export interface RaciDeps {
  db: Database;
  clock: Clock;
  tasks: TaskService;
  people: PeopleService;
  projects: ProjectService;
  tenants: TenantService;
  calendars: Pick<CalendarService, "rulesFor" | "rulesForTeam" | "rulesForPeople" | "anyWorkStartIn">;
  audit: AuditService;
  /** Stand-up blockers, through the stand-ups' API (the blockers table is theirs). */
  blockerLinks: BlockerLinks;
  /** Other features' listeners for task status changes (go-live gates, feedback fixes, meeting actions). */
  events: TaskEvents;
}

/** Who besides a PM may make a change: R or A ("ra"), or only A ("a"). */
export type TaskPermission = "ra" | "a";

/** Shared steps of the task flows: other projects, finding tasks, permissions, people and dates. */
export function createAskerTools(deps: RaciDeps) {
  const { tasks, projects } = deps;

  return {
    /** The asker's translator. */
    t: (who: Pick<TaskAsker, "locale">): Translate => translator(who.locale),

    /** The asker in another project of theirs (`--project key`); refused when they are not a member. */
    async inProject(who: TaskAsker, projectRef: string | undefined): Promise<TaskAsker> {
      if (!projectRef || projectRef.trim().toLowerCase() === who.projectKey) return who;
      const project = await projects.find(who.tenantId, projectRef);
      const roles = project ? await projects.rolesOf(who.tenantId, project.id, who.personId) : [];
      if (!project || roles.length === 0) throw new UserError("raci.errors.project_unknown", { project: projectRef });
      return { ...who, projectId: project.id, projectKey: project.key, projectName: project.name, roles };
    },

    async project(who: TaskAsker): Promise<Project> {
      const project = await projects.get(who.tenantId, who.projectId);
      if (!project) throw new UserError("raci.errors.project_unknown", { project: who.projectKey });
      return project;
    },

    /** The task a key names in the asker's project, or a UserError. */
    async task(who: TaskAsker, keyText: string): Promise<Task> {
      const key = readTaskKey(keyText);
      if (!key) throw new UserError("raci.errors.bad_key", { key: keyText });
      const task = await tasks.find(who.tenantId, who.projectId, key);
      if (!task) throw new UserError("raci.errors.task_unknown", { key, project: who.projectName });
      return task;
    },

    /** Lets a PM, or the task's R or A (`ra`) or A (`a`), go on; otherwise audits a refusal and answers politely. */
    async authorize(who: TaskAsker, task: Task, command: string, needs: TaskPermission): Promise<void> {
      if (permits("pm", who.roles)) return;
      const people = (await tasks.peopleOf([task.id])).get(task.id);
      const holds = (role: RaciRole) => people?.[role].some((p) => p.id === who.personId) ?? false;
      if (holds("A") || (needs === "ra" && holds("R"))) return;
      // The dispatcher audits a RefusalError as "refused", with these details.
      throw new RefusalError(
        needs === "ra" ? "raci.errors.refused_ra" : "raci.errors.refused_a",
        { command, key: task.key, a: people?.A.map((p) => p.name).join(", ") || "—", r: people?.R.map((p) => p.name).join(", ") || "—" },
        { task: task.key, needs: needs === "ra" ? "R, A or pm" : "A or pm" },
      );
    },

    /** Resolves `--r "a;b"` style lists to member ids; a UserError names the first person not found. */
    async peopleIds(who: TaskAsker, given: Partial<Record<RaciRole, string>>): Promise<Partial<RaciIds>> {
      const resolve = createProjectPeopleResolver(deps, who.tenantId, who.projectId);
      const out: Partial<RaciIds> = {};
      for (const role of ["R", "A", "C", "I"] as const) {
        const value = given[role];
        if (value === undefined) continue;
        const ids: number[] = [];
        for (const ref of isClearWord(value) ? [] : splitPeople(value)) {
          const found = await resolve(ref);
          if (found.kind === "none") throw new UserError("raci.errors.person_unknown", { who: ref });
          if (found.kind === "ambiguous") throw new UserError("raci.errors.person_ambiguous", { who: ref, names: found.names.join(", ") });
          if (found.kind === "not_member") throw new UserError("raci.errors.person_not_member", { who: found.name, project: who.projectName });
          ids.push(found.person.id);
        }
        out[role] = [...new Set(ids)];
      }
      return out;
    },
  };
}

export type AskerTools = ReturnType<typeof createAskerTools>;

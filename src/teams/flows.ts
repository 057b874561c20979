import { UserError } from "../core/command.js";
import { translator, type Locale } from "../core/i18n.js";
import type { OutboundMessage } from "../core/message.js";
import { currentProject, type Asker } from "../people/asker.js";
import { personNamed } from "../people/person-arg.js";
import type { CoreServices } from "../services.js";
import { teamChangesText, teamListMessage } from "./messages.js";
import type { Team } from "./service.js";

/** What `team create` is given; unset values come from the project, the asker's language and the zone. */
export interface NewTeamInput {
  name: string;
  timezone?: string | undefined;
  locale?: Locale | undefined;
  calendar?: string | undefined;
}

/** What `team set` is given; `home` makes the conversation the command came from the team's home group. */
export interface TeamSettingsInput {
  timezone?: string | undefined;
  hours?: { start: string; end: string } | undefined;
  locale?: Locale | undefined;
  calendar?: string | undefined;
  home?: true | undefined;
}

/** What the team flows read and change. */
export type TeamFlowDeps = Pick<CoreServices, "teams" | "projects" | "findPerson">;

/** `team list`, `create`, `set`, `add`, `remove` in the current project. */
export function createTeamFlows(deps: TeamFlowDeps) {
  const { teams, projects } = deps;

  const teamNamed = async (who: Asker, name: string): Promise<Team> => {
    const team = await teams.find(who.tenant.id, currentProject(who).id, name);
    if (!team) throw new UserError("commands.team.not_found", { team: name });
    return team;
  };

  return {
    async list(who: Asker): Promise<OutboundMessage | string> {
      const project = currentProject(who);
      const t = translator(who.locale);
      const all = await teams.list(who.tenant.id, project.id);
      if (all.length === 0) return t("commands.team_list.none");
      const withMembers = await Promise.all(all.map(async (team) => ({ team, members: await teams.members(who.tenant.id, team.id) })));
      return teamListMessage(t, project.name, withMembers);
    },

    async create(who: Asker, input: NewTeamInput): Promise<string> {
      const project = currentProject(who);
      const full = await projects.get(who.tenant.id, project.id);
      const team = await teams.create(who.tenant.id, project.id, {
        name: input.name,
        timezone: input.timezone ?? full?.timezone ?? who.tenant.timezone,
        locale: input.locale ?? who.locale,
        ...(input.calendar ? { calendar: input.calendar } : {}),
      });
      if (!team) throw new UserError("commands.team_create.exists", { name: input.name });
      return translator(who.locale)("commands.team_create.done", { name: team.name, timezone: team.timezone, calendar: team.calendar });
    },

    async set(who: Asker, name: string, input: TeamSettingsInput): Promise<string> {
      const team = await teamNamed(who, name);
      if (input.home && who.conversation.kind !== "group") throw new UserError("commands.team_set.home_needs_group");
      if (!input.timezone && !input.hours && !input.locale && !input.calendar && !input.home) throw new UserError("commands.team_set.nothing");
      await teams.update(who.tenant.id, team.id, {
        ...(input.timezone ? { timezone: input.timezone } : {}),
        ...(input.hours ? { workStart: input.hours.start, workEnd: input.hours.end } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        ...(input.calendar ? { calendar: input.calendar } : {}),
        ...(input.home ? { home: who.conversation } : {}),
      });
      const t = translator(who.locale);
      const changes = teamChangesText(t, { ...input, home: input.home ? who.conversation.conversationId : undefined });
      return t("commands.team_set.done", { team: team.name, changes });
    },

    /** Adds a member of the project to a team. */
    async add(who: Asker, teamName: string, personName: string): Promise<string> {
      const project = currentProject(who);
      const team = await teamNamed(who, teamName);
      const { person } = await personNamed(deps, who.tenant, personName);
      if ((await projects.rolesOf(who.tenant.id, project.id, person.id)).length === 0) {
        throw new UserError("errors.not_a_member", { name: person.displayName, project: project.name });
      }
      const added = await teams.addMember(who.tenant.id, team.id, person.id);
      const t = translator(who.locale);
      return t(added ? "commands.team_add.done" : "commands.team_add.already", { name: person.displayName, team: team.name });
    },

    async remove(who: Asker, teamName: string, personName: string): Promise<string> {
      const team = await teamNamed(who, teamName);
      const { person } = await personNamed(deps, who.tenant, personName);
      const removed = await teams.removeMember(who.tenant.id, team.id, person.id);
      const t = translator(who.locale);
      return t(removed ? "commands.team_remove.done" : "commands.team_remove.not_in_team", { name: person.displayName, team: team.name });
    },
  };
}

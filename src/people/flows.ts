import { UserError, type AnyCommandSpec } from "../core/command.js";
import { translator } from "./i18n.js";
import type { OutboundMessage } from "../core/message.js";
import type { CoreServices } from "../services.js";
import type { Asker } from "./asker.js";
import { commandGroupOf, groupHelpMessage } from "./help-groups.js";
import { commandHelpMessage, helpIndexMessage, whoamiMessage } from "./messages.js";

/** What the people flows read. */
export type PeopleFlowDeps = Pick<CoreServices, "people" | "projects" | "teams">;

const wordsOf = (spec: AnyCommandSpec) => [spec.name, ...(spec.aliases ?? [])].map((w) => w.toLowerCase());

/** `whoami` and `help`. */
export function createPeopleFlows({ people, projects, teams }: PeopleFlowDeps) {
  return {
    /** The asker's identities, language, zone and hours (with where each comes from), teams and projects. */
    async whoami(who: Asker): Promise<OutboundMessage> {
      const { tenant, actor } = who;
      const identities = await people.identities(tenant.id, actor.personId);
      const memberships = await projects.projectsOf(tenant.id, actor.personId);
      const theirTeams = await teams.teamsOf(tenant.id, actor.personId);
      const settings = (await people.settingsOf(tenant.id, [actor.personId])).get(actor.personId);
      if (!settings) throw new Error(`person ${actor.personId} not found`);
      return whoamiMessage(translator(who.locale), {
        name: actor.displayName,
        identities,
        settings,
        teams: theirTeams,
        projects: memberships,
        currentProjectId: who.project?.id ?? null,
      });
    },

    /** All commands, or one (by name or alias, else by prefix) with the commands under it. */
    help(who: Asker, specs: readonly AnyCommandSpec[], wanted?: string): OutboundMessage {
      const t = translator(who.locale);
      if (!wanted) return helpIndexMessage(t, specs, who.roles);
      const needle = wanted.trim().toLowerCase().replace(/\s+/g, " ");
      const group = commandGroupOf(specs, needle);
      if (group) return groupHelpMessage(t, group, who.roles);
      const spec = specs.find((s) => wordsOf(s).some((w) => w === needle)) ?? specs.find((s) => wordsOf(s).some((w) => w.startsWith(needle)));
      if (!spec) throw new UserError("commands.help.no_such_command", { command: wanted });
      const related = specs.filter((s) => s !== spec && !s.hidden && s.name.startsWith(`${spec.name} `));
      return commandHelpMessage(t, spec, related);
    },
  };
}

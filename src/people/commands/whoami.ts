import { z } from "zod";
import { fields, text } from "../../core/message.js";
import { command } from "../../feature/command.js";

export default command({
  name: "whoami",
  aliases: ["我是谁"],
  summary: "commands.whoami.summary",
  args: z.object({}),
  examples: ["whoami", "我是谁"],
  permission: "anyone",
  async run({ actor, tenant, services, t, locale, project }) {
    const person = await services.people.get(tenant.id, actor.personId);
    const identities = await services.people.identities(tenant.id, actor.personId);
    const memberships = await services.projects.projectsOf(tenant.id, actor.personId);
    const teams = await services.teams.teamsOf(tenant.id, actor.personId);
    const roleNames = (roles: readonly string[]) => roles.map((r) => t(`roles.${r}`)).join(", ");
    const projects = memberships.length
      ? memberships.map((m) => `• ${m.project.name} (\`${m.project.key}\`): ${roleNames(m.roles)}${m.project.id === project?.id ? ` ← ${t("commands.whoami.current")}` : ""}`).join("\n")
      : t("commands.whoami.no_projects");
    return {
      title: t("commands.whoami.title", { name: actor.displayName }),
      blocks: [
        fields([
          [t("labels.identities"), identities.map((i) => `${i.platform}:${i.userId}`).join(", ")],
          [t("labels.locale"), locale],
          [t("labels.timezone"), person?.timezone ?? teams[0]?.timezone ?? tenant.timezone],
          [t("labels.teams"), teams.map((tm) => tm.name).join(", ") || "—"],
        ]),
        text(`**${t("labels.projects")}**\n${projects}`),
      ],
    };
  },
});

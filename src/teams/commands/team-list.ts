import { z } from "zod";
import { text } from "../../core/message.js";
import { command } from "../../feature/command.js";

export default command({
  name: "team list",
  aliases: ["团队", "团队 列表", "teams"],
  summary: "commands.team_list.summary",
  args: z.object({}),
  examples: ["team list", "团队"],
  permission: "member",
  mutates: false,
  async run({ tenant, project, services, t }) {
    if (!project) return;
    const teams = await services.teams.list(tenant.id, project.id);
    if (teams.length === 0) return t("commands.team_list.none");
    const sections = await Promise.all(
      teams.map(async (team) => {
        const members = await services.teams.members(tenant.id, team.id);
        return [
          `**${team.name}** · ${team.timezone} · ${team.workStart}–${team.workEnd} · ${team.locale} · ${t("labels.calendar")} ${team.calendar}`,
          `${t("labels.home")}: ${team.home ? team.home.conversationId : "—"}`,
          `${t("labels.members")}: ${members.map((m) => m.displayName).join(", ") || "—"}`,
        ].join("\n");
      }),
    );
    return { title: t("commands.team_list.title", { project: project.name }), blocks: sections.map((s) => text(s)) };
  },
});

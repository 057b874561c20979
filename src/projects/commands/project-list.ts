import { z } from "zod";
import { text } from "../../core/message.js";
import { command } from "../../feature/command.js";

export default command({
  name: "project list",
  aliases: ["项目 列表"],
  summary: "commands.project_list.summary",
  args: z.object({}),
  examples: ["project list"],
  permission: "anyone",
  async run({ tenant, actor, services, t, project: current }) {
    const mine = await services.projects.projectsOf(tenant.id, actor.personId);
    const admin = await services.projects.isTenantAdmin(tenant.id, actor.personId);
    const visible = admin ? (await services.projects.list(tenant.id)).map((p) => ({ project: p, roles: mine.find((m) => m.project.id === p.id)?.roles ?? [] })) : mine;
    if (visible.length === 0) return t("commands.project_list.none");
    const lines = visible.map(
      ({ project, roles }) =>
        `• **${project.name}** \`${project.key}\` · ${t(`phases.${project.phase}`)}${project.goLiveDate ? ` · ${t("labels.golive")} ${project.goLiveDate}` : ""}${roles.length ? ` · ${roles.map((r) => t(`roles.${r}`)).join(", ")}` : ""}${project.id === current?.id ? ` ← ${t("commands.whoami.current")}` : ""}`,
    );
    return { title: t("commands.project_list.title"), blocks: [text(lines.join("\n")), text(t("commands.project_list.hint"))] };
  },
});

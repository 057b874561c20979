import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "project golive-date",
  aliases: ["项目 上线日期", "project golive"],
  summary: "commands.project_golive.summary",
  args: z.object({ date: z.union([z.iso.date(), z.literal("none")]) }),
  positional: ["date"],
  examples: ["project golive-date 2027-03-01", "project golive-date none", "项目 上线日期 2027-03-01"],
  permission: "pm",
  async run({ args, tenant, project, services, t }) {
    if (!project) return;
    const date = args.date === "none" ? null : args.date;
    await services.projects.setGoLiveDate(tenant.id, project.id, date);
    return date ? t("commands.project_golive.done", { name: project.name, date }) : t("commands.project_golive.cleared", { name: project.name });
  },
});

import { z } from "zod";
import { command } from "../../feature/command.js";
import { languageChoice } from "../me-args.js";
import { createMeFlows } from "../me-flows.js";

export default command({
  name: "me language",
  aliases: ["我的设置 语言"],
  summary: "people.cmd.me_language",
  args: z.object({ locale: languageChoice }),
  labels: { locale: { label: "args.names.locale", choices: "people.me.language_choices" } },
  positional: ["locale"],
  examples: ["me language en", "我的设置 语言 zh-CN", "me language default"],
  permission: "anyone",
  run: (ctx) => createMeFlows(ctx.services).language(ctx, ctx.args.locale === "default" ? null : ctx.args.locale),
});

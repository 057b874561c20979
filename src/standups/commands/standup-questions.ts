import { z } from "zod";
import { command } from "../../feature/command.js";
import { askerOf, teamOption } from "./args.js";

const wording = z.string().trim().min(1).max(200);

export default command({
  name: "standup questions",
  aliases: ["站会 问题"],
  summary: "standup.cmd.questions",
  args: z.object({
    team: teamOption,
    locale: z.enum(["zh-CN", "en"]).optional(),
    yesterday: wording.optional(),
    today: wording.optional(),
    blockers: wording.optional(),
    reset: z.literal(true).optional(),
  }),
  short: { y: "yesterday", t: "today", b: "blockers" },
  labels: { locale: { label: "args.names.locale", choices: "language_names" } },
  examples: ['standup questions --locale en -y "What did you finish?" -t "What is next?" -b "Anything in your way?"', "standup questions --locale zh-CN --reset", "站会 问题"],
  permission: "pm",
  run(ctx) {
    if (!ctx.project) return;
    const { team, locale, yesterday, today, blockers, reset } = ctx.args;
    const wordingGiven = { ...(yesterday ? { yesterday } : {}), ...(today ? { today } : {}), ...(blockers ? { blockers } : {}) };
    return ctx.services.standups.questions(askerOf(ctx), team, { ...(locale ? { locale } : {}), wording: wordingGiven, reset: reset === true });
  },
});

import { z } from "zod";
import { command } from "../../feature/command.js";

export default command({
  name: "adoption rules",
  aliases: ["积分 规则"],
  summary: "adoption.cmd.rules",
  args: z.object({}),
  examples: ["adoption rules"],
  // The formulas stay with the admins: a published formula is a formula people game.
  permission: "admin",
  mutates: false,
  run: ({ services, t }) => services.adoption.rulesText(t),
});

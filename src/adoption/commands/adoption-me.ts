import { z } from "zod";
import { command } from "../../feature/command.js";
import { viewerOf } from "./args.js";

export default command({
  name: "adoption me",
  aliases: ["我的积分", "积分 我的"],
  summary: "adoption.cmd.me",
  args: z.object({}),
  examples: ["adoption me", "我的积分"],
  permission: "member",
  mutates: false,
  run: async (ctx) => ctx.services.adoption.boards.me(await viewerOf(ctx)),
});

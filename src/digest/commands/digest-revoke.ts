import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

export default command({
  name: "digest revoke",
  aliases: ["周报 撤销链接"],
  summary: "digest.cmd.revoke",
  args: z.object({ all: z.boolean().optional() }),
  examples: ["digest revoke", "digest revoke --all"],
  permission: "digest.read",
  run: (ctx) => ctx.services.digest.revoke(digestAsker(ctx), ctx.args.all === true),
});

import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

export default command({
  name: "digest history",
  aliases: ["周报 历史"],
  summary: "digest.cmd.history",
  args: z.object({}),
  examples: ["digest history"],
  permission: "digest.read",
  mutates: false,
  run: (ctx) => ctx.services.digest.history(digestAsker(ctx)),
});

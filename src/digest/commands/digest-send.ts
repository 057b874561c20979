import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

export default command({
  name: "digest send",
  aliases: ["周报 发送"],
  summary: "digest.cmd.send",
  args: z.object({}),
  examples: ["digest send", "周报 发送"],
  permission: "digest.manage",
  run: (ctx) => ctx.services.digest.send(digestAsker(ctx)),
});

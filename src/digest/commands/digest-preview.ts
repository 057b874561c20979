import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

export default command({
  name: "digest preview",
  aliases: ["周报 预览"],
  summary: "digest.cmd.preview",
  args: z.object({}),
  examples: ["digest preview", "周报 预览"],
  permission: "digest.read",
  run: (ctx) => ctx.services.digest.preview(digestAsker(ctx)),
});

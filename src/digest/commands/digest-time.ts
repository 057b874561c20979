import { z } from "zod";
import { command } from "../../feature/command.js";
import { digestAsker } from "../asker.js";

/** Weekday words, English and Chinese, to ISO weekdays (1 = Monday). */
const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
  周一: 1, 星期一: 1, 周二: 2, 星期二: 2, 周三: 3, 星期三: 3, 周四: 4, 星期四: 4, 周五: 5, 星期五: 5, 周六: 6, 星期六: 6, 周日: 7, 星期日: 7, 周天: 7, 星期天: 7,
};

export default command({
  name: "digest time",
  aliases: ["周报 时间"],
  summary: "digest.cmd.time",
  args: z.object({
    weekday: z.string().trim().toLowerCase().refine((w) => w in WEEKDAYS, { message: "mon … sun (e.g. mon)" }),
    time: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:MM (e.g. 09:00)" }),
  }),
  positional: ["weekday", "time"],
  examples: ["digest time mon 09:00", "digest time fri 16:30", "周报 时间 周一 09:00"],
  permission: "digest.manage",
  run: (ctx) => ctx.services.digest.setTime(digestAsker(ctx), WEEKDAYS[ctx.args.weekday]!, ctx.args.time),
});

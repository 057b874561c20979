import { z } from "zod";
import { argProblem } from "../core/arg-problems.js";

/** "09:00-18:00" → start and end, end after start. */
export const workHours = z
  .string()
  .refine((v) => /^([01]\d|2[0-3]):[0-5]\d[-–~～]([01]\d|2[0-3]):[0-5]\d$/.test(v), { ...argProblem("args.problem.hours"), abort: true })
  .transform((v) => {
    const [start = "", end = ""] = v.split(/[-–~～]/);
    return { start, end };
  })
  .refine((h) => h.start < h.end, argProblem("args.problem.hours_order"));

export const timeZone = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: v });
      return v.includes("/") || v === "UTC";
    } catch {
      return false;
    }
  },
  argProblem("args.problem.timezone"),
);

export const locale = z.enum(["zh-CN", "en"]);
export const calendarId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);

/** `team add|remove <team> <who>`. */
export const teamMemberArgs = z.object({ team: z.string().trim().min(1), who: z.string().trim().min(1) });

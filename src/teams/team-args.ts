import { z } from "zod";

/** "09:00-18:00" → start and end, end after start. */
export const workHours = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d[-–~～]([01]\d|2[0-3]):[0-5]\d$/, { message: "HH:MM-HH:MM" })
  .transform((v) => {
    const [start = "", end = ""] = v.split(/[-–~～]/);
    return { start, end };
  })
  .refine((h) => h.start < h.end, { message: "end must be after start" });

export const timeZone = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: v });
      return v.includes("/") || v === "UTC";
    } catch {
      return false;
    }
  },
  { message: "IANA time zone, e.g. Asia/Shanghai" },
);

export const locale = z.enum(["zh-CN", "en"]);
export const calendarId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);

/** `team add|remove <team> <who>`. */
export const teamMemberArgs = z.object({ team: z.string().trim().min(1), who: z.string().trim().min(1) });

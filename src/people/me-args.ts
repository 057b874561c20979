import { z } from "zod";
import { timeZone, workHours } from "../teams/team-args.js";

/** Words that clear a setting of one's own, so the team's (or organisation's) applies again. */
const DEFAULT_WORDS = new Set(["default", "clear", "reset", "默认", "恢复默认", "清除"]);

/** Ways people write the two languages. */
const LANGUAGE_WORDS: Record<string, string> = {
  en: "en", english: "en", 英文: "en", 英语: "en",
  "zh-cn": "zh-CN", zh: "zh-CN", chinese: "zh-CN", 中文: "zh-CN", 简体中文: "zh-CN", 汉语: "zh-CN",
};

const isDefaultWord = (value: unknown): boolean => typeof value === "string" && DEFAULT_WORDS.has(value.trim().toLowerCase());

/** `me language en|zh-CN|default` (also English, 中文, 默认 …). */
export const languageChoice = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  if (isDefaultWord(v)) return "default";
  return LANGUAGE_WORDS[v.trim().toLowerCase()] ?? v;
}, z.enum(["zh-CN", "en", "default"]));

/** `me timezone Asia/Shanghai`, or a default word (null): the IANA name as Intl spells it. */
export const timeZoneOrDefault = z.preprocess(
  (v) => (isDefaultWord(v) ? null : typeof v === "string" ? v.trim() : v),
  timeZone.transform((zone) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone).nullable(),
);

/** `me hours 09:00-18:00`, or a default word (null). */
export const hoursOrDefault = z.preprocess((v) => (isDefaultWord(v) ? null : typeof v === "string" ? v.trim() : v), workHours.nullable());

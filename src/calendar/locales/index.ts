import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The working-day calendar texts (`calendar.*`), in every supported locale; registered with the catalogs when this module is first imported. */
export const calendarLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(calendarLocales, "calendar");

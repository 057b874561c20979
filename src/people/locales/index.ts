import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The people texts (`people.*`: `me` and its settings), in every supported locale; registered when this module is first imported. */
export const peopleLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(peopleLocales, "people");

import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The RACI texts (`raci.*`: tasks, the matrix, the nag ladder, CSV import, blocker links), in every supported locale; registered with the catalogs when this module is first imported. */
export const raciLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(raciLocales, "raci");

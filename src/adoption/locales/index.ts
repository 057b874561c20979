import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The adoption texts (`adoption.*`: tokens, imports, mapping, rules, kudos, boards, the weekly post). */
export const adoptionLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(adoptionLocales, "adoption");

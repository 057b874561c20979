import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The governance texts (`governance.*`: risks, change requests, decisions, the weekly meeting), in every supported locale. */
export const governanceLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(governanceLocales, "governance");

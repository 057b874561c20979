import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The sponsor digest's texts (`digest.*`), in every supported locale. */
export const digestLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(digestLocales, "digest");

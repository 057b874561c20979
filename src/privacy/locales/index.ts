import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The personal-data texts (`privacy.*`: export, erasure, retention), in every supported locale. */
export const privacyLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(privacyLocales, "privacy");

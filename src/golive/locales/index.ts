import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The go-live texts (`golive.*`: gates, go/no-go, the war room, rollback, hypercare), in every supported locale. */
export const goliveLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(goliveLocales, "golive");

import { registerLocales, type LocaleFragment } from "../../core/i18n.js";
import en from "./en.json" with { type: "json" };
import zhCN from "./zh-CN.json" with { type: "json" };

/** The feedback texts (`feedback.*`: filing, triage, votes, notices, releases, reminders), in every supported locale. */
export const feedbackLocales: LocaleFragment = { en, "zh-CN": zhCN };

registerLocales(feedbackLocales, "feedback");

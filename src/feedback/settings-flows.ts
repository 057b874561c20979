import { RefusalError, UserError } from "../core/command.js";
import type { FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import type { KeyUsers } from "./keyusers.js";
import { isPm, isTriager, type Asker } from "./model.js";
import { DEFAULT_MODULES, moduleLabel, moduleNamed, reactionNamed, readCount, saveSettings, settingsOf } from "./settings.js";

export interface SettingsInput {
  reaction?: string | undefined;
  urgentHours?: string | undefined;
  otherDays?: string | undefined;
}

/** `feedback modules …` (key users and the PM) and `feedback settings …` (the PM). */
export function createSettingsFlows(deps: FeedbackDeps, keyUsers: Pick<KeyUsers, "footer" | "forgetModules">) {
  const { db, core } = deps;

  const modules = async (asker: Asker, action: string | undefined, names: string | undefined): Promise<string> => {
    const settings = await settingsOf(db, asker.projectId);
    const l = asker.locale;
    const listed = () => settings.modules.map((m) => (moduleLabel(l, m) === m ? m : `${m} (${moduleLabel(l, m)})`)).join(", ");
    const verb = action?.trim().toLowerCase();
    if (!verb || verb === "list") return `${t(l, "feedback.modules.list", { modules: listed() })}\n${await keyUsers.footer(asker)}`;
    const before = [...settings.modules];
    if (!isTriager(asker.roles)) throw new RefusalError("feedback.errors.not_triager_modules", {}, { action: verb });
    const given = (names ?? "").split(/[,，;；\s]+/).map((n) => n.trim()).filter(Boolean);
    if (verb === "reset") settings.modules = [...DEFAULT_MODULES];
    else if (given.length === 0) throw new UserError("feedback.errors.modules_none", { action: verb });
    else if (verb === "add") {
      for (const name of given) {
        if (name.length > 40) throw new UserError("feedback.errors.module_long", { name });
        if (!settings.modules.some((m) => m.toLowerCase() === name.toLowerCase())) settings.modules.push(name);
      }
    } else if (verb === "remove") {
      const gone = given.map((n) => moduleNamed(n, settings.modules));
      settings.modules = settings.modules.filter((m) => !gone.includes(m));
    } else throw new UserError("feedback.errors.bad_modules_action", { value: action ?? "" });
    await saveSettings(db, asker.tenantId, asker.projectId, settings, core.clock.now());
    await keyUsers.forgetModules(asker.projectId, before.filter((m) => !settings.modules.includes(m)));
    return t(l, "feedback.modules.saved", { modules: listed() });
  };

  const settingsCmd = async (asker: Asker, input: SettingsInput): Promise<string> => {
    const settings = await settingsOf(db, asker.projectId);
    const l = asker.locale;
    const changing = input.reaction !== undefined || input.urgentHours !== undefined || input.otherDays !== undefined;
    if (changing) {
      if (!isPm(asker.roles)) throw new RefusalError("feedback.errors.not_pm", {}, {});
      if (input.reaction !== undefined) settings.reaction = reactionNamed(input.reaction);
      if (input.urgentHours !== undefined) settings.urgentHours = readCount(input.urgentHours, "--urgent-hours", 72);
      if (input.otherDays !== undefined) settings.otherDays = readCount(input.otherDays, "--other-days", 30);
      await saveSettings(db, asker.tenantId, asker.projectId, settings, core.clock.now());
    }
    return t(l, changing ? "feedback.settings.saved" : "feedback.settings.show", { reaction: settings.reaction, hours: settings.urgentHours, days: settings.otherDays });
  };

  return { modules, settings: settingsCmd };
}
